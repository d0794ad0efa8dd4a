import { parse, type HTMLElement } from 'node-html-parser';
import { realChainDocuments } from '../../src/demo/sample-catalogue.js';
import { RelationsService } from '../../src/relations/relations.service.js';
import { eventually } from './eventually.js';
import type { TestApp } from './test-app.js';

/** A title, body and link as an attacker would write them: each must come out as text, never as markup. */
export const HOSTILE = {
  title: '关于<script>alert("t")</script>"><img src=x onerror=alert(1)>的通知',
  body: '第一条 <script>alert("b")</script>\n第二条 "><img src=x onerror=alert(2)>\n第三条 <a href="javascript:alert(3)">点此</a>',
  interpretationUrl: 'javascript:alert(4)',
  docNumber: '攀府发〔2024〕5号',
};

export interface WebCatalogue {
  /** Document ids by 发文字号. */
  id: Record<string, string>;
  editor: string;
  legal: string;
}

/**
 * A small library for the page tests: the real 招商引资 chain with its repeals (攀府发〔2018〕12号 repealed by
 * 攀府规〔2022〕2号 on 2022-04-15, repealed by 攀府规〔2025〕3号 on 2025-06-28), a basis, interpretations (one
 * with a javascript: link), a hostile document, a number two issuers share, and a few plain documents.
 */
export async function seedWebCatalogue(t: TestApp): Promise<WebCatalogue> {
  const editor = await t.tokenFor('editor');
  const legal = await t.tokenFor('legal');
  const id: Record<string, string> = {};
  let registered = 0;
  const register = async (doc: object) => {
    registered++;
    const res = await t.http.post('/api/v1/documents').set('Authorization', `Bearer ${editor}`).send(doc).expect(201);
    id[res.body.docNumber ?? res.body.title] = res.body.id;
    return res.body.id as string;
  };
  for (const doc of realChainDocuments()) await register(doc);
  await t.http
    .post(`/api/v1/documents/${id['攀府发〔2018〕12号']}/validity`)
    .set('Authorization', `Bearer ${legal}`)
    .set('If-Match', '"1"')
    .send({ action: 'repeal', effectiveOn: '2022-04-15', basisDocNumber: '攀府规(2022)2号', reason: '被修订版替代' })
    .expect(201);
  await t.http
    .post(`/api/v1/documents/${id['攀府规〔2022〕2号']}/validity`)
    .set('Authorization', `Bearer ${legal}`)
    .set('If-Match', '"2"')
    .send({ action: 'repeal', effectiveOn: '2025-06-28', basisDocumentId: id['攀府规〔2025〕3号'] })
    .expect(201);
  const latest = id['攀府规〔2025〕3号'];
  await t.http
    .post(`/api/v1/documents/${latest}/relations`)
    .set('Authorization', `Bearer ${editor}`)
    .send({ kind: 'based_on', targetDocNumber: '川府规〔2023〕5号', targetTitle: '四川省招商引资若干政策' })
    .expect(201);
  await t.http
    .post(`/api/v1/documents/${latest}/interpretations`)
    .set('Authorization', `Bearer ${legal}`)
    .send({
      form: '图解',
      title: '一图读懂招商引资优惠政策',
      url: 'https://www.panzhihua.gov.cn/jd/1.html',
      publishedOn: '2025-05-30',
    })
    .expect(201);

  const base = { category: 'normative', issuer: '攀枝花市人民政府' };
  await register({
    ...base,
    title: HOSTILE.title,
    docNumber: HOSTILE.docNumber,
    publishedOn: '2024-03-01',
    effectiveFrom: '2024-03-01',
    validUntil: '2029-02-28',
    body: `为加强全市在建工程安全生产管理，现就有关事项通知如下。\n${HOSTILE.body}`,
  });
  // An interpretation stored with a script link (an import, an old record): it must never become a link.
  await t.app
    .get(RelationsService)
    .interpret(
      id[HOSTILE.docNumber],
      { form: '文字', title: '<b>解读</b>"><script>alert(5)</script>', url: HOSTILE.interpretationUrl },
      { id: null, username: 'import' },
    );
  for (const issuer of ['攀枝花市人民政府办公室', '攀枝花市财政局']) {
    await register({
      category: 'policy',
      issuer,
      title: `${issuer}关于做好养老服务补贴发放工作的通知`,
      docNumber: '攀办发〔2023〕1号',
      publishedOn: '2023-02-01',
      effectiveFrom: '2023-02-01',
      body: '一、落实养老服务补贴政策。\n二、其他事项。',
    });
  }
  for (let i = 1; i <= 4; i++) {
    await register({
      category: 'policy',
      issuer: '攀枝花市民政局',
      title: `关于做好第${i}批养老机构登记工作的通知`,
      docNumber: `攀民发〔2024〕${i}号`,
      publishedOn: `2024-0${i}-15`,
      effectiveFrom: `2024-0${i}-15`,
      body: '为规范养老机构登记管理，现通知如下。',
    });
  }
  // Registered documents reach the search index through the outbox.
  await eventually(async () => expect((await t.http.get('/api/v1/search').expect(200)).body.total).toBe(registered), {
    withinMs: 10_000,
  });
  return { id, editor, legal };
}

/** GET a page and parse it. */
export async function getPage(t: TestApp, path: string, status = 200): Promise<{ html: string; doc: HTMLElement }> {
  const res = await t.http.get(path).expect(status);
  expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
  return { html: res.text, doc: parse(res.text) };
}

/** The visible text of an element, white space collapsed. */
export const text = (el: HTMLElement | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
