import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** Whatever a client puts in a search, the answer is 200 or a 4xx problem, never a 5xx. */
describe('hostile search input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    'q=%00',
    'q=a%00b',
    'issuer=%00',
    "q=') OR 1=1 --",
    'q=!!!&|()<->:*',
    'q=' + '攀'.repeat(3000),
    'category=regulation&category=normative',
    'status=in_force"',
    'year=1e400',
    'from=2024-02-30',
    'sort=title',
    'page=0',
    'pageSize=101',
    'q[$ne]=1',
  ])('answers GET /search?%s without a 5xx', async (query) => {
    const res = await t.http.get(`/api/v1/search?${query}`);
    expect(res.status).toBeLessThan(500);
  });
});
