import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DocumentExportService } from '../../src/documents/import/document-export.service.js';
import { DocumentImportService } from '../../src/documents/import/document-import.service.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const doc = (n: number, extra: object = {}) => ({
  title: `攀枝花市人民政府办公室关于做好第${n}批城镇老旧小区改造工作的通知`,
  docNumber: `攀办发〔2023〕${n}号`,
  category: 'policy',
  issuer: '攀枝花市人民政府办公室',
  publishedOn: '2023-05-10',
  body: `一、改造范围。第${n}批……`,
  ...extra,
});

describe('importing and exporting JSONL', () => {
  let t: TestApp;
  let dir: string;
  let importer: DocumentImportService;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    importer = t.app.get(DocumentImportService);
    db = t.app.get(DataSource);
    dir = await mkdtemp(join(tmpdir(), 'policy-import-'));
  });
  afterAll(() => t.close());

  const file = async (name: string, lines: (object | string)[]) => {
    const path = join(dir, name);
    await writeFile(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
    return path;
  };

  it('imports the good records, reports each bad one by line and reason, and is harmless to run twice', async () => {
    const path = await file('mixed.jsonl', [
      doc(1),
      doc(2, { docNumber: '攀办发[2023]2号' }),
      '{"title": broken',
      doc(3, { publishedOn: '2023-02-30' }),
      doc(4, { colour: 'red' }),
      '',
      doc(5, { signedOn: '2023-06-01' }),
      doc(6, { docNumber: '攀办发（2023）1号' }),
      doc(7, { docNumber: undefined, title: '无文号的文件' }),
      doc(8, { status: 'repealed', version: 9 }),
    ]);
    const progress: number[] = [];
    const first = await importer.importFile(path, { batchSize: 2, onProgress: (p) => progress.push(p.linesRead) });
    expect(first).toMatchObject({ created: 4, updated: 0, unchanged: 0, failed: 5 });
    expect(first.errors).toEqual([
      { line: 3, problems: [{ field: '(line)', reason: expect.stringMatching(/^is not valid JSON/) }] },
      { line: 4, problems: [{ field: 'publishedOn', reason: 'must be a real calendar date written YYYY-MM-DD' }] },
      { line: 5, problems: [{ field: 'colour', reason: 'is not a known field' }] },
      { line: 7, problems: [{ field: 'signedOn', reason: 'must not be after publishedOn (2023-05-10)' }] },
      { line: 8, problems: [{ field: 'docNumber', reason: 'repeats the document of line 1' }] },
    ]);
    expect(progress.length).toBeGreaterThan(1);

    const rows = await db.query(
      `SELECT doc_number, status, source, version FROM document ORDER BY doc_number NULLS LAST`,
    );
    expect(rows).toEqual([
      { doc_number: '攀办发〔2023〕1号', status: 'unmarked', source: 'import', version: 1 },
      { doc_number: '攀办发〔2023〕2号', status: 'unmarked', source: 'import', version: 1 },
      { doc_number: '攀办发〔2023〕8号', status: 'unmarked', source: 'import', version: 1 },
      { doc_number: null, status: 'unmarked', source: 'import', version: 1 },
    ]);
    const [{ events }] = await db.query(
      `SELECT count(*)::int AS events FROM validity_event WHERE to_status = 'unmarked'`,
    );
    expect(events).toBe(4);

    const second = await importer.importFile(path);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 4, failed: 5 });
    const [{ count }] = await db.query(`SELECT count(*)::int FROM document`);
    expect(count).toBe(4);
    const after = await db.query(`SELECT count(*)::int AS events FROM validity_event`);
    expect(after[0].events).toBe(4);
  });

  it('keeps lists with commas, quotes, backslashes and braces exactly', async () => {
    const keywords = ['a,b', 'say "hi"', 'back\\slash', '{x}', 'NULL', '养老'];
    const path = await file('lists.jsonl', [doc(60, { keywords, coIssuers: ['攀枝花市财政局', '攀枝花市民政局'] })]);
    expect(await importer.importFile(path)).toMatchObject({ created: 1 });
    const [row] = await db.query(`SELECT keywords, co_issuers FROM document WHERE doc_number = '攀办发〔2023〕60号'`);
    expect(row).toEqual({ keywords, co_issuers: ['攀枝花市财政局', '攀枝花市民政局'] });
  });

  it('updates a changed record in place, bumping its version and keeping its status', async () => {
    const path = await file('changed.jsonl', [doc(1, { body: '修改后的正文' })]);
    const report = await importer.importFile(path);
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 0, failed: 0 });
    const [row] = await db.query(`SELECT body, version, status FROM document WHERE doc_number = '攀办发〔2023〕1号'`);
    expect(row).toEqual({ body: '修改后的正文', version: 2, status: 'unmarked' });
  });

  it('exports the catalogue in API field names and re-imports the export without changing anything', async () => {
    const out = join(dir, 'export.jsonl');
    const { written } = await t.app.get(DocumentExportService).exportFile(out);
    expect(written).toBe(5);
    const lines = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      id: expect.any(String),
      title: expect.any(String),
      status: 'unmarked',
      statusLabel: '未标注',
    });
    const before = await db.query(`SELECT id, version, checksum FROM document ORDER BY id`);
    const report = await importer.importFile(out);
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 5, failed: 0 });
    expect(await db.query(`SELECT id, version, checksum FROM document ORDER BY id`)).toEqual(before);
  });

  it('refuses to give a record the 发文字号 another document already has, and keeps the rest of the batch', async () => {
    const [{ id }] = await db.query(`SELECT id FROM document WHERE doc_number = '攀办发〔2023〕2号'`);
    const path = await file('clash.jsonl', [doc(2, { id, docNumber: '攀办发〔2023〕1号' }), doc(50)]);
    const report = await importer.importFile(path);
    expect(report).toMatchObject({ created: 1, updated: 0, failed: 1 });
    expect(report.errors[0]).toMatchObject({ line: 1, problems: [{ field: 'docNumber' }] });
    const [row] = await db.query(`SELECT doc_number FROM document WHERE id = $1`, [id]);
    expect(row.doc_number).toBe('攀办发〔2023〕2号');
  });

  it('never matches a record without a 发文字号 to a document that has one', async () => {
    const path = await file('unnumbered.jsonl', [doc(1, { docNumber: undefined, body: '另一份无文号的文件' })]);
    const report = await importer.importFile(path);
    expect(report).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
    const [numbered] = await db.query(`SELECT body FROM document WHERE doc_number = '攀办发〔2023〕1号'`);
    expect(numbered.body).toBe('修改后的正文');
  });
});
