import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { seedWebCatalogue, type WebCatalogue } from '../helpers/web-catalogue.js';

/** Where screenshots go: kept by CI as artefacts, kept out of the repository by .gitignore. */
const SHOTS = join(process.cwd(), 'artifacts', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** The site in headless Chromium (Debian's package, driven by playwright-core): one browser for the whole file. */
// A page load takes a second or more on a busy two-core machine; the whole file stays within two minutes.
vi.setConfig({ testTimeout: 120_000 });

describe('the public website in a browser', () => {
  let t: TestApp;
  let c: WebCatalogue;
  let browser: Browser;
  let base: string;
  const pages = () => ({
    home: '/',
    search: `/search?q=${encodeURIComponent('养老')}`,
    document: `/documents/${c.id['攀府规〔2022〕2号']}`,
    'point-in-time': `/documents/${c.id['攀府规〔2022〕2号']}?on=2023-06-30`,
    'annual-figures': '/reports/annual/2022',
    'not-found': '/no/such/page',
  });

  beforeAll(async () => {
    t = await createTestApp({ today: '2025-07-01' });
    c = await seedWebCatalogue(t);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    mkdirSync(SHOTS, { recursive: true });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const open = async (context: BrowserContext, path: string): Promise<Page> => {
    const page = await context.newPage();
    const res = await page.goto(`${base}${path}`);
    expect(res, path).not.toBeNull();
    return page;
  };

  it('searches and opens a document with JavaScript turned off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
    const page = await open(context, '/');
    await page.getByRole('searchbox', { name: '搜索' }).fill('招商引资');
    await page.getByRole('button', { name: '搜索' }).first().click();
    await page.waitForURL(/\/search\?q=/);
    expect(await page.locator('h1').textContent()).toBe('“招商引资”的检索结果');
    const first = page.locator('ol.doc-list > li h3 a').first();
    const title = (await first.textContent())!;
    await first.click();
    await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
    expect(await page.locator('h1').textContent()).toBe(title);
    expect(await page.locator('dl.meta dt').first().textContent()).toBe('索引号');
    // A facet is a link: no script needed to narrow the search.
    await page.goBack();
    await page.locator('.facets a', { hasText: '行政规范性文件' }).click();
    await page.waitForURL(/category=normative/);
    expect(await page.locator('#f-category').inputValue()).toBe('normative');
    await context.close();
  });

  it('runs under the Content-Security-Policy without a single violation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text());
    });
    for (const path of Object.values(pages())) await page.goto(`${base}${path}`);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('has no WCAG 2.1 AA violation that axe-core finds on the main pages', async () => {
    // axe is injected as a script, which the site's policy forbids: this context alone bypasses it.
    const context = await browser.newContext({ bypassCSP: true });
    const found: Record<string, string[]> = {};
    for (const [name, path] of Object.entries(pages())) {
      // 关怀模式 changes sizes and colours: checked on the pages with the most kinds of content.
      for (const care of name === 'home' || name === 'document' ? [false, true] : [false]) {
        if (care) await context.addCookies([{ name: 'care', value: '1', url: base }]);
        const page = await open(context, path);
        await page.addScriptTag({ path: AXE });
        const violations = await page.evaluate(
          async (tags) =>
            (
              await (
                window as unknown as {
                  axe: { run: (c: unknown, o: unknown) => Promise<{ violations: AxeViolation[] }> };
                }
              ).axe.run(document, { runOnly: { type: 'tag', values: tags } })
            ).violations,
          WCAG_21_AA,
        );
        const problems = violations.map(
          (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
        if (problems.length) found[`${name}${care ? ' (关怀模式)' : ''}`] = problems;
        await page.close();
      }
      await context.clearCookies();
    }
    expect(found).toEqual({});
    await context.close();
  });

  it('can be used with the keyboard alone: skip link, search form, results, focus always visible', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await open(context, '/search');
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return {
          tag: el.tagName.toLowerCase(),
          name: el.getAttribute('name') ?? el.textContent?.trim() ?? '',
          visible:
            style.outlineStyle !== 'none' || style.boxShadow !== 'none' || style.backgroundColor === 'rgb(255, 221, 0)',
        };
      });
    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ tag: 'a', name: '跳到主要内容', visible: true });
    await page.keyboard.press('Enter');
    // From the main content, the first stop is the search box, then its button.
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'input', name: 'q', visible: true });
    await page.keyboard.type('养老服务');
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'button', name: '搜索', visible: true });
    // Open the filters with the keyboard and choose a category with the arrow keys.
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'summary', visible: true });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'select', name: 'category', visible: true });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    // On through the other filters to the form's button, and submit it.
    for (let i = 0; i < 30 && (await focused()).name !== '应用筛选'; i++) {
      await page.keyboard.press('Tab');
      const now = await focused();
      expect(now.visible, `focus on ${now.tag} ${now.name}`).toBe(true);
    }
    expect(await focused()).toMatchObject({ tag: 'button', name: '应用筛选' });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('q')).toBe('养老服务');
    expect(url.searchParams.get('category')).toBe('normative');
    expect(await page.locator('h1').textContent()).toBe('“养老服务”的检索结果');
    await context.close();
  });

  it('fits a 360 px phone without sideways scrolling, and a 1280 px screen (screenshots kept)', async () => {
    for (const width of [360, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: false });
      for (const [name, path] of Object.entries(pages())) {
        const page = await open(context, path);
        const [scrollWidth, innerWidth] = await page.evaluate(() => [
          document.documentElement.scrollWidth,
          window.innerWidth,
        ]);
        expect(scrollWidth, `${name} at ${width} px`).toBeLessThanOrEqual(innerWidth);
        await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
        await page.close();
      }
      await context.close();
    }
  });
});
