import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { getPage, HOSTILE, seedWebCatalogue, text, type WebCatalogue } from '../helpers/web-catalogue.js';

/** The public pages on the real application and PostgreSQL: what a reader sees. */
describe('the public website', () => {
  let t: TestApp;
  let c: WebCatalogue;
  const first = () => c.id['攀府发〔2018〕12号'];
  const second = () => c.id['攀府规〔2022〕2号'];
  const latest = () => c.id['攀府规〔2025〕3号'];

  beforeAll(async () => {
    t = await createTestApp({ today: '2025-07-01' });
    c = await seedWebCatalogue(t);
  });
  afterAll(() => t.close());

  describe('the document page', () => {
    it('shows the metadata block with the SPEC labels in the SPEC order', async () => {
      const { doc } = await getPage(t, `/documents/${second()}`);
      const labels = doc.querySelectorAll('dl.meta dt').map(text);
      expect(labels.slice(0, 10)).toEqual([
        '索引号',
        '主题分类',
        '发文机关',
        '成文日期',
        '标题',
        '发文字号',
        '发布日期',
        '施行日期',
        '有效期至',
        '有效性',
      ]);
      const value = (label: string) =>
        text(doc.querySelectorAll('dl.meta dt').find((dt) => text(dt) === label)?.nextElementSibling);
      expect(value('发文字号')).toBe('攀府规〔2022〕2号');
      expect(value('发文机关')).toBe('攀枝花市人民政府');
      expect(value('施行日期')).toBe('2022-04-15');
      expect(value('有效性')).toBe('废止');
      expect(doc.querySelectorAll('h1')).toHaveLength(1);
      expect(doc.querySelector('html')?.getAttribute('lang')).toBe('zh-CN');
    });

    it('shows the validity badge with its date and its basis linked', async () => {
      const { doc } = await getPage(t, `/documents/${second()}`);
      const validity = doc.querySelector('p.validity');
      expect(text(validity)).toBe('有效性：废止 — 2025-06-28 被 攀府规〔2025〕3号 废止');
      expect(validity?.querySelector('a')?.getAttribute('href')).toBe(`/documents/${latest()}`);
      const byNumber = (await getPage(t, `/documents/${first()}`)).doc.querySelector('p.validity');
      expect(text(byNumber)).toContain('2022-04-15 被 攀府规〔2022〕2号 废止');
      expect(text((await getPage(t, `/documents/${latest()}`)).doc.querySelector('p.validity'))).toMatch(
        /现行有效 — 自 \d{4}-\d{2}-\d{2} 起施行/,
      );
    });

    it('tells the history in plain Chinese, with the acting office and never a login name', async () => {
      const { doc, html } = await getPage(t, `/documents/${first()}`);
      const events = doc.querySelectorAll('ol.timeline > li').map(text);
      expect(events[0]).toMatch(/^2018-\d{2}-\d{2} 登记收录，有效性为“现行有效”/);
      expect(events[0]).toContain('办理：编辑');
      expect(events[1]).toContain('2022-04-15 废止：由“现行有效”变为“废止”');
      expect(events[1]).toContain('依据：攀府规〔2022〕2号');
      expect(events[1]).toContain('理由：被修订版替代');
      expect(events[1]).toContain('办理：法制机构');
      expect(html).not.toMatch(/legal-\d|editor-\d/);
    });

    it('shows relations both ways and the interpretations as links', async () => {
      const relationsOf = async (id: string) =>
        (await getPage(t, `/documents/${id}`)).doc
          .querySelectorAll('section.relations')[0]
          .querySelectorAll('dt, dd')
          .map(text);
      expect(await relationsOf(first())).toEqual(['被废止', expect.stringContaining('攀府规〔2022〕2号')]);
      expect(await relationsOf(second())).toEqual([
        '被废止',
        expect.stringContaining('攀府规〔2025〕3号'),
        '废止',
        expect.stringContaining('攀府发〔2018〕12号'),
      ]);
      const page = (await getPage(t, `/documents/${latest()}`)).doc;
      expect(page.querySelectorAll('section.relations')[0].querySelectorAll('dt, dd').map(text)).toEqual([
        '废止',
        expect.stringContaining('攀府规〔2022〕2号'),
        '上位依据',
        '川府规〔2023〕5号 四川省招商引资若干政策（库外文件）',
      ]);
      const interpretation = page.querySelectorAll('section.relations')[1].querySelector('a');
      expect(text(interpretation)).toBe('一图读懂招商引资优惠政策');
      expect(interpretation?.getAttribute('href')).toBe('https://www.panzhihua.gov.cn/jd/1.html');
    });

    it('keeps the paragraphs of the full text', async () => {
      const { doc } = await getPage(t, `/documents/${c.id['攀民发〔2024〕1号']}`);
      expect(doc.querySelectorAll('.doc-body p').map(text)).toEqual(['为规范养老机构登记管理，现通知如下。']);
      const hostile = (await getPage(t, `/documents/${c.id[HOSTILE.docNumber]}`)).doc;
      expect(hostile.querySelectorAll('.doc-body p')).toHaveLength(4);
    });

    it('answers 404 in Chinese for an id that is not a document', async () => {
      const { doc } = await getPage(t, '/documents/00000000-0000-4000-8000-000000000000', 404);
      expect(text(doc.querySelector('h1'))).toBe('未找到该文件');
      expect(text((await getPage(t, '/documents/not-an-id', 404)).doc.querySelector('h1'))).toBe('页面不存在');
    });
  });

  describe('a point in time', () => {
    it('shows the document as its validity stood on the day asked, bannered', async () => {
      const { doc } = await getPage(t, `/documents/${first()}?on=2019-06-30`);
      expect(text(doc.querySelector('.notice--point-in-time'))).toContain('您正在查看本文件在 2019-06-30 的有效性');
      expect(text(doc.querySelector('.notice--point-in-time'))).toContain('当日本文件为“现行有效”');
      expect(text(doc.querySelector('p.validity'))).toMatch(/^有效性：现行有效/);
      const later = doc.querySelectorAll('ol.timeline > li.is-later').map(text);
      expect(later).toEqual([expect.stringContaining('2022-04-15 废止')]);
      const after = (await getPage(t, `/documents/${first()}?on=2022-04-15`)).doc;
      expect(text(after.querySelector('p.validity'))).toContain('废止 — 2022-04-15 被 攀府规〔2022〕2号 废止');
    });

    it('refuses a day that is not a date, next to the field, keeping what was typed', async () => {
      const { doc } = await getPage(t, `/documents/${first()}?on=2019-02-30`, 400);
      expect(text(doc.querySelector('#f-on-error'))).toBe('错误：查看日期须为有效日期，格式如 2024-01-31');
      expect(doc.querySelector('#f-on')?.getAttribute('value')).toBe('2019-02-30');
    });

    it('lists everything in force on a day, bannered, with the list filters', async () => {
      const listed = async (query: string) => {
        const { doc } = await getPage(t, `/documents?${query}`);
        return { doc, numbers: doc.querySelectorAll('ol.doc-list li .doc-facts li:first-child').map(text) };
      };
      const day = await listed('inForceOn=2019-06-30');
      expect(text(day.doc.querySelector('.notice--point-in-time'))).toContain('您正在查看 2019-06-30 当日的有效文件');
      expect(day.numbers).toEqual(['发文字号：攀府发〔2018〕12号']);
      expect(day.doc.querySelector('ol.doc-list a')?.getAttribute('href')).toBe(`/documents/${first()}?on=2019-06-30`);
      expect((await listed('inForceOn=2023-06-30&category=normative')).numbers).toEqual([
        '发文字号：攀府规〔2022〕2号',
      ]);
      expect((await listed('inForceOn=2023-06-30&category=regulation')).numbers).toEqual([]);
      const bad = await getPage(t, '/documents?inForceOn=yesterday', 400);
      expect(text(bad.doc.querySelector('.error-summary'))).toContain('日期须为有效日期');
    });
  });

  describe('the search page', () => {
    it('shows hits with title, number, issuer, date and badge, and facets as links', async () => {
      const { doc } = await getPage(t, '/search?q=%E5%85%BB%E8%80%81');
      const hits = doc.querySelectorAll('ol.doc-list > li');
      expect(hits.length).toBe(6);
      expect(text(hits[0])).toMatch(/发文字号：.+发文机关：.+发布日期：\d{4}-\d{2}-\d{2}/);
      expect(hits[0].querySelector('.badge')).not.toBeNull();
      expect(hits[0].querySelector('h3 em')).not.toBeNull();
      const facet = doc.querySelectorAll('.facets a').find((a) => text(a) === '攀枝花市民政局');
      expect(facet?.getAttribute('href')).toBe(
        '/search?q=%E5%85%BB%E8%80%81&issuer=%E6%94%80%E6%9E%9D%E8%8A%B1%E5%B8%82%E6%B0%91%E6%94%BF%E5%B1%80',
      );
      expect(text(facet?.parentNode as never)).toContain('(4)');
      const filtered = (await getPage(t, facet!.getAttribute('href')!)).doc;
      expect(filtered.querySelectorAll('ol.doc-list > li')).toHaveLength(4);
      expect(filtered.querySelector('#f-issuer option[selected]')?.getAttribute('value')).toBe('攀枝花市民政局');
      expect(
        filtered.querySelector('link[rel="alternate"][type="application/atom+xml"]')?.getAttribute('href'),
      ).toContain('/search.atom?q=');
    });

    it('pages with links that keep the query', async () => {
      const { doc } = await getPage(
        t,
        '/search?issuer=%E6%94%80%E6%9E%9D%E8%8A%B1%E5%B8%82%E6%B0%91%E6%94%BF%E5%B1%80&sort=-publishedOn&pageSize=3',
      );
      expect(doc.querySelectorAll('ol.doc-list > li')).toHaveLength(3);
      const next = doc.querySelector('.pagination a[rel="next"]')?.getAttribute('href');
      expect(next).toBe(
        '/search?issuer=%E6%94%80%E6%9E%9D%E8%8A%B1%E5%B8%82%E6%B0%91%E6%94%BF%E5%B1%80&sort=-publishedOn&pageSize=3&page=2',
      );
      const second = (await getPage(t, next!)).doc;
      expect(second.querySelectorAll('ol.doc-list > li').map((li) => text(li.querySelector('h3')))).toEqual([
        '关于做好第1批养老机构登记工作的通知',
      ]);
      expect(text(second.querySelector('.pagination [aria-current="page"]'))).toBe('第2页（当前页）');
    });

    it('says so when no document holds every word and some are shown', async () => {
      const all = (await getPage(t, `/search?q=${encodeURIComponent('养老 登记')}`)).doc;
      expect(all.querySelector('.notice')).toBeNull();
      const some = (await getPage(t, `/search?q=${encodeURIComponent('养老 火星基地')}`)).doc;
      expect(text(some.querySelector('.notice'))).toContain('没有同时包含全部检索词的文件');
      expect(some.querySelectorAll('ol.doc-list > li').length).toBeGreaterThan(0);
    });

    it('opens the document when a 发文字号 is typed in any form', async () => {
      for (const written of [
        '攀府规〔2022〕2号',
        '攀府规[2022]2号',
        '攀府规（2022）2号',
        '攀府规2022年2号',
        '攀府规【２０２２】第２号',
      ]) {
        const res = await t.http.get('/search').query({ q: written }).expect(303);
        expect(res.headers.location).toBe(`/documents/${second()}`);
      }
      // Shared by two issuers: the results, both first.
      const { doc } = await getPage(t, `/search?q=${encodeURIComponent('攀办发〔2023〕1号')}`);
      expect(
        doc
          .querySelectorAll('ol.doc-list > li')
          .slice(0, 2)
          .map((li) => text(li)),
      ).toEqual([expect.stringContaining('攀办发〔2023〕1号'), expect.stringContaining('攀办发〔2023〕1号')]);
    });

    it('refuses bad parameters next to their fields, keeping what was typed', async () => {
      const { doc } = await getPage(t, '/search?q=%E5%85%BB%E8%80%81&year=20x4&from=2024-05-01&category=law', 400);
      expect(text(doc.querySelector('#f-year-error'))).toBe('错误：年份须为 1900 至 2999 之间的整数');
      expect(doc.querySelector('#f-year')?.getAttribute('value')).toBe('20x4');
      expect(text(doc.querySelector('#f-category-error'))).toBe('错误：请从列出的文种中选择');
      expect(doc.querySelector('#q')?.getAttribute('value')).toBe('养老');
      expect(doc.querySelector('#f-from')?.getAttribute('value')).toBe('2024-05-01');
      const order = (await getPage(t, '/search?from=2024-05-01&to=2024-04-01', 400)).doc;
      expect(text(order.querySelector('#f-to-error'))).toBe('错误：发布日期止不能早于发布日期起');
    });
  });

  describe('permalinks by 发文字号', () => {
    it.each([
      '攀府规〔2022〕2号',
      '攀府规[2022]2号',
      '攀府规（2022）2号',
      '攀府规【2022】2号',
      '攀府规2022年2号',
      '攀府规〔２０２２〕第2号',
    ])('sends %s to its document with 301', async (written) => {
      const res = await t.http.get(`/d/${encodeURIComponent(written)}`).expect(301);
      expect(res.headers.location).toBe(`/documents/${second()}`);
    });

    it('lists the documents when several issuers share the number', async () => {
      const { doc } = await getPage(t, `/d/${encodeURIComponent('攀办发(2023)1号')}`);
      expect(text(doc.querySelector('h1'))).toBe('发文字号“攀办发(2023)1号”对应 2 份文件');
      const issuers = doc.querySelectorAll('ol.doc-list > li').map((li) => text(li.querySelector('.doc-facts')));
      expect(issuers.sort()).toEqual([
        expect.stringContaining('发文机关：攀枝花市人民政府办公室'),
        expect.stringContaining('发文机关：攀枝花市财政局'),
      ]);
    });

    it('answers 404 with a search link for a number the library does not hold', async () => {
      const { doc } = await getPage(t, `/d/${encodeURIComponent('攀府发〔1999〕99号')}`, 404);
      expect(text(doc.querySelector('h1'))).toBe('未找到发文字号为“攀府发〔1999〕99号”的文件');
    });
  });

  describe('hostile content', () => {
    const pages = () => [
      `/documents/${c.id[HOSTILE.docNumber]}`,
      `/search?q=${encodeURIComponent('在建工程')}`,
      '/',
      '/documents',
      '/feeds/documents.atom',
      `/search.atom?q=${encodeURIComponent('在建工程')}`,
    ];

    it('shows hostile titles, bodies and links as text, never as markup', async () => {
      for (const path of pages()) {
        const res = await t.http.get(path).expect(200);
        expect(res.text, path).not.toContain('<script>');
        expect(res.text, path).not.toMatch(/<img[^>]*onerror/i);
        expect(res.text, path).not.toMatch(/href="\s*javascript:/i);
      }
      const { doc } = await getPage(t, `/documents/${c.id[HOSTILE.docNumber]}`);
      expect(text(doc.querySelector('h1'))).toBe(HOSTILE.title);
      expect(text(doc.querySelector('.doc-body'))).toContain('第二条 "><img src=x onerror=alert(2)>');
      const interpretations = doc.querySelectorAll('section.relations')[1];
      expect(interpretations.querySelector('a')).toBeNull();
      expect(text(interpretations)).toContain('<b>解读</b>"><script>alert(5)</script>（链接地址无效，未显示）');
      const hit = (await getPage(t, `/search?q=${encodeURIComponent('在建工程')}`)).doc.querySelector('ol.doc-list h3');
      expect(text(hit)).toBe(HOSTILE.title);
    });

    it('answers a hostile query in the form as text', async () => {
      const q = '"><script>alert(6)</script>';
      const res = await t.http.get('/search').query({ q }).expect(200);
      expect(res.text).not.toContain('<script>alert(6)');
    });
  });

  describe('the home page, figures and errors', () => {
    it('shows the search box, counts, newest documents, recent repeals and the feeds', async () => {
      const { doc } = await getPage(t, '/');
      const box = doc.querySelector('input[type="search"][name="q"]');
      expect(text(doc.querySelector(`label[for="${box?.id}"]`))).toBe('搜索');
      expect(text(box?.parentNode?.querySelector('button'))).toBe('搜索');
      expect(text(doc.querySelector('table'))).toContain('行政规范性文件');
      expect(text(doc.querySelector('#newest')?.parentNode as never)).toContain('关于做好第4批养老机构登记工作的通知');
      const ended = text(doc.querySelector('#ended')?.parentNode as never);
      expect(ended.indexOf('攀府规〔2022〕2号')).toBeLessThan(ended.indexOf('攀府发〔2018〕12号'));
      expect(doc.querySelectorAll('link[rel="alternate"]').map((l) => l.getAttribute('href'))).toEqual([
        '/feeds/documents.atom',
        '/feeds/validity.atom',
      ]);
    });

    it('prints the 第二十条第（一）项 table of a year with its CSV', async () => {
      const { doc } = await getPage(t, '/reports/annual/2022');
      const rows = doc.querySelectorAll('table tbody tr').map((tr) => tr.querySelectorAll('th, td').map(text));
      expect(rows).toEqual([
        ['规章', '0', '0', '0'],
        ['行政规范性文件', '1', '0', '1'],
      ]);
      expect(doc.querySelector('a[download]')?.getAttribute('href')).toBe('/api/v1/reports/annual/2022?format=csv');
      await t.http.get('/reports/annual/1800').expect(404);
    });

    it('answers an unknown address with a Chinese 404 page in the site layout, and the API with a problem', async () => {
      const { doc } = await getPage(t, '/no/such/page', 404);
      expect(text(doc.querySelector('h1'))).toBe('页面不存在');
      expect(doc.querySelector('header.site-header')).not.toBeNull();
      const api = await t.http.get('/api/v1/no-such-thing').expect(404);
      expect(api.headers['content-type']).toMatch(/application\/problem\+json/);
    });
  });

  describe('caching, headers and 关怀模式', () => {
    it('sends a document page with an ETag from its version and answers 304 until it changes', async () => {
      const path = `/documents/${c.id['攀民发〔2024〕2号']}`;
      const res = await t.http.get(path).expect(200);
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      const etag = res.headers.etag;
      await t.http.get(path).set('If-None-Match', etag).expect(304);
      await t.http
        .patch(`/api/v1/documents/${c.id['攀民发〔2024〕2号']}`)
        .set('Authorization', `Bearer ${c.editor}`)
        .set('If-Match', '"1"')
        .send({ summary: '规范养老机构登记。' })
        .expect(200);
      const changed = await t.http.get(path).set('If-None-Match', etag).expect(200);
      expect(changed.text).toContain('规范养老机构登记。');
    });

    it('serves the stylesheet under a content hash for a year, with a print style', async () => {
      const { doc } = await getPage(t, '/');
      const href = doc.querySelector('link[rel="stylesheet"]')!.getAttribute('href')!;
      expect(href).toMatch(/^\/assets\/site\.[0-9a-f]{10}\.css$/);
      const css = await t.http.get(href).expect(200);
      expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(css.text).toContain('@media print');
      expect(Buffer.byteLength(css.text)).toBeLessThanOrEqual(30 * 1024);
    });

    it('turns 关怀模式 on with a link and a cookie, and only ever goes back to this site', async () => {
      const on = await t.http.get('/care-mode?on=1&back=%2Fsearch%3Fq%3D1').expect(303);
      expect(on.headers.location).toBe('/search?q=1');
      const cookie = on.headers['set-cookie'][0].split(';')[0];
      expect(cookie).toBe('care=1');
      const { doc } = await (async () => {
        const res = await t.http.get('/').set('Cookie', cookie).expect(200);
        return { doc: (await import('node-html-parser')).parse(res.text) };
      })();
      expect(doc.querySelector('html')?.getAttribute('class')).toBe('care');
      expect(text(doc.querySelector('.care-toggle'))).toBe('退出关怀模式');
      expect((await t.http.get('/care-mode?on=1&back=%2F%2Fevil.example').expect(303)).headers.location).toBe('/');
    });

    it('gives robots.txt and a sitemap of every document', async () => {
      const robots = await t.http.get('/robots.txt').expect(200);
      expect(robots.text).toMatch(/^Sitemap: http:\/\/127\.0\.0\.1(:\d+)?\/sitemap\.xml$/m);
      const sitemap = await t.http.get('/sitemap.xml').expect(200);
      expect(sitemap.headers['content-type']).toMatch(/^application\/xml/);
      for (const id of Object.values(c.id)) expect(sitemap.text).toContain(`/documents/${id}</loc>`);
    });
  });
});
