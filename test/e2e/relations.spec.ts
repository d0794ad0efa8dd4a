import { realChainDocuments } from '../../src/demo/sample-catalogue.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** The real chain: 攀府发〔2018〕12号 → repealed by 攀府规〔2022〕2号 → repealed by 攀府规〔2025〕3号. */
describe('relations and the real repeal chain', () => {
  let t: TestApp;
  let editor: string;
  let legal: string;
  const id: Record<string, string> = {};

  const page = async (docNumber: string) => (await t.http.get(`/api/v1/documents/${id[docNumber]}`).expect(200)).body;
  const relationsOf = async (docNumber: string) =>
    (await page(docNumber)).relations.map((r: { kind: string; docNumber: string; status: string }) => [
      r.kind,
      r.docNumber,
      r.status,
    ]);
  const inForceOn = async (date: string) =>
    (await t.http.get('/api/v1/documents').query({ inForceOn: date }).expect(200)).body.items.map(
      (d: { docNumber: string }) => d.docNumber,
    );

  beforeAll(async () => {
    t = await createTestApp({ today: '2025-07-01' });
    editor = await t.tokenFor('editor');
    legal = await t.tokenFor('legal');
    for (const doc of realChainDocuments()) {
      const res = await t.http.post('/api/v1/documents').set('Authorization', `Bearer ${editor}`).send(doc).expect(201);
      id[doc.docNumber!] = res.body.id;
    }
    // 2018 is repealed by 2022, named by its 发文字号 in a different written form; 2022 by 2025, by id.
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
  });
  afterAll(() => t.close());

  it('reads correctly from every end', async () => {
    expect(await relationsOf('攀府发〔2018〕12号')).toEqual([['repealed_by', '攀府规〔2022〕2号', 'repealed']]);
    expect(await relationsOf('攀府规〔2022〕2号')).toEqual([
      ['repealed_by', '攀府规〔2025〕3号', 'in_force'],
      ['repeals', '攀府发〔2018〕12号', 'repealed'],
    ]);
    expect(await relationsOf('攀府规〔2025〕3号')).toEqual([['repeals', '攀府规〔2022〕2号', 'repealed']]);
    expect((await page('攀府发〔2018〕12号')).status).toBe('repealed');
    expect((await page('攀府规〔2022〕2号')).status).toBe('repealed');
    expect((await page('攀府规〔2025〕3号')).status).toBe('in_force');
  });

  it('records the basis on the events, and answers what was in force on past dates', async () => {
    const history = (await t.http.get(`/api/v1/documents/${id['攀府发〔2018〕12号']}/history`).expect(200)).body;
    expect(history.events.at(-1)).toMatchObject({
      action: 'repeal',
      effectiveOn: '2022-04-15',
      basisDocumentId: id['攀府规〔2022〕2号'],
      basisDocNumber: '攀府规〔2022〕2号',
    });
    expect(await inForceOn('2019-06-30')).toEqual(['攀府发〔2018〕12号']);
    expect(await inForceOn('2022-04-14')).toEqual(['攀府发〔2018〕12号']);
    expect(await inForceOn('2023-06-30')).toEqual(['攀府规〔2022〕2号']);
    expect(await inForceOn('2025-06-30')).toEqual(['攀府规〔2025〕3号']);
  });

  it('records amendments, bases and interpretations, from both ends inside the library', async () => {
    const latest = id['攀府规〔2025〕3号'];
    await t.http
      .post(`/api/v1/documents/${latest}/relations`)
      .set('Authorization', `Bearer ${editor}`)
      .send({ kind: 'based_on', targetDocNumber: '川府规〔2023〕5号', targetTitle: '四川省招商引资若干政策' })
      .expect(201);
    const res = await t.http
      .post(`/api/v1/documents/${latest}/interpretations`)
      .set('Authorization', `Bearer ${legal}`)
      .send({
        form: '图解',
        title: '一图读懂招商引资优惠政策',
        url: 'https://www.panzhihua.gov.cn/jd/1.html',
        publishedOn: '2025-05-30',
      })
      .expect(201);
    expect(res.body.interpretations).toEqual([
      {
        form: '图解',
        title: '一图读懂招商引资优惠政策',
        url: 'https://www.panzhihua.gov.cn/jd/1.html',
        publishedOn: '2025-05-30',
        documentId: null,
      },
    ]);
    // Recording the same interpretation twice changes nothing.
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
    await t.http
      .post(`/api/v1/documents/${latest}/relations`)
      .set('Authorization', `Bearer ${editor}`)
      .send({ kind: 'amends', targetDocumentId: id['攀府规〔2022〕2号'] })
      .expect(201);
    const doc = await page('攀府规〔2025〕3号');
    expect(doc.interpretations).toHaveLength(1);
    expect(
      doc.relations.map((r: { kind: string; docNumber: string; title: string }) => [r.kind, r.docNumber, r.title]),
    ).toEqual(
      expect.arrayContaining([
        ['based_on', '川府规〔2023〕5号', '四川省招商引资若干政策'],
        ['amends', '攀府规〔2022〕2号', expect.stringContaining('修订')],
      ]),
    );
    expect(await relationsOf('攀府规〔2022〕2号')).toContainEqual(['amended_by', '攀府规〔2025〕3号', 'in_force']);
  });

  it('refuses a relation to itself, to an unknown document, an unknown form, and readers', async () => {
    const latest = id['攀府规〔2025〕3号'];
    const self = await t.http
      .post(`/api/v1/documents/${latest}/relations`)
      .set('Authorization', `Bearer ${editor}`)
      .send({ kind: 'amends', targetDocumentId: latest })
      .expect(422);
    expect(self.body.errors).toEqual([{ field: 'targetDocumentId', reason: 'a document cannot relate to itself' }]);
    await t.http
      .post(`/api/v1/documents/${latest}/relations`)
      .set('Authorization', `Bearer ${editor}`)
      .send({ kind: 'amends', targetDocumentId: '00000000-0000-4000-8000-000000000000' })
      .expect(422);
    const form = await t.http
      .post(`/api/v1/documents/${latest}/interpretations`)
      .set('Authorization', `Bearer ${editor}`)
      .send({ form: '漫画', title: 'x' })
      .expect(400);
    expect(form.body.errors[0].field).toBe('form');
    // Between library documents a repeal is the repeal action, which records the event too.
    const repeal = await t.http
      .post(`/api/v1/documents/${latest}/relations`)
      .set('Authorization', `Bearer ${legal}`)
      .send({ kind: 'repeals', targetDocumentId: id['攀府发〔2018〕12号'] })
      .expect(422);
    expect(repeal.body.errors[0].field).toBe('kind');
    // A repealed document outside the library is recorded by its number and title, by the legal office.
    await t.http
      .post(`/api/v1/documents/${latest}/relations`)
      .set('Authorization', `Bearer ${legal}`)
      .send({ kind: 'repeals', targetDocNumber: '攀办发〔2016〕3号', targetTitle: '旧的招商引资办法' })
      .expect(201);
    await t.http
      .post(`/api/v1/documents/${latest}/relations`)
      .send({ kind: 'amends', targetDocNumber: 'x' })
      .expect(401);
  });
});
