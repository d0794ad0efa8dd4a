import { DataSource } from 'typeorm';
import { ProvinceSyncRepository } from '../../src/province-sync/province-sync.repository.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** The delta: what the next push sends. Exercised on the real schema (trigger, partial index). */
describe('the documents due for the provincial push', () => {
  let t: TestApp;
  let db: DataSource;
  let repo: ProvinceSyncRepository;
  const id: Record<string, string> = {};

  const insert = async (name: string) => {
    const [row] = await db.query(
      `INSERT INTO document (title, category, issuer_id, status, checksum, source)
       VALUES ($1, 'policy', (SELECT id FROM issuer LIMIT 1), 'unmarked', 'x', 'import') RETURNING id`,
      [name],
    );
    id[name] = row.id;
  };
  const bump = (name: string) => db.query(`UPDATE document SET version = version + 1 WHERE id = $1`, [id[name]]);
  const answer = (name: string, version: number, outcome: 'accepted' | 'rejected' | 'failed') =>
    repo.recordBatch('00000000-0000-4000-8000-000000000001', [
      { id: id[name], version, checksum: `c${version}`, outcome, reason: outcome === 'accepted' ? null : '理由' },
    ]);
  const due = async () => {
    const ids = await repo.dueIdsAfter(null, 1000);
    return Object.keys(id)
      .filter((n) => ids.includes(id[n]))
      .sort();
  };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    repo = t.app.get(ProvinceSyncRepository);
    await db.query(`INSERT INTO issuer (name) VALUES ('攀枝花市人民政府')`);
    for (const n of ['new', 'accepted', 'editedAfterAccept', 'rejected', 'editedAfterReject', 'failed', 'acceptedOld'])
      await insert(n);
  });
  afterAll(() => t.close());

  it('holds every document the province has never accepted', async () => {
    expect(await due()).toEqual(
      ['accepted', 'acceptedOld', 'editedAfterAccept', 'editedAfterReject', 'failed', 'new', 'rejected'].sort(),
    );
    expect(await repo.countDue()).toBe(7);
  });

  it('drops a document once the province accepts its current version, and takes it back when it changes', async () => {
    await answer('accepted', 1, 'accepted');
    await answer('editedAfterAccept', 1, 'accepted');
    await bump('editedAfterAccept');
    expect(await due()).not.toContain('accepted');
    expect(await due()).toContain('editedAfterAccept');
  });

  it('drops a document rejected at its current version, until it changes', async () => {
    await answer('rejected', 1, 'rejected');
    await answer('editedAfterReject', 1, 'rejected');
    await bump('editedAfterReject');
    expect(await due()).not.toContain('rejected');
    expect(await due()).toContain('editedAfterReject');
    const [row] = await db.query(
      `SELECT rejected_version, rejection_reason FROM province_sync_state WHERE document_id = $1`,
      [id.rejected],
    );
    expect(row).toEqual({ rejected_version: 1, rejection_reason: '理由' });
  });

  it('keeps a document whose batch failed due, with the error', async () => {
    await answer('failed', 1, 'failed');
    expect(await due()).toContain('failed');
  });

  it('keeps a document due when the province accepted an older version than the current one', async () => {
    await bump('acceptedOld'); // now version 2; version 1 was in flight
    await answer('acceptedOld', 1, 'accepted');
    expect(await due()).toContain('acceptedOld');
    const [row] = await db.query(
      `SELECT current_version, accepted_version FROM province_sync_state WHERE document_id = $1`,
      [id.acceptedOld],
    );
    expect(row).toEqual({ current_version: 2, accepted_version: 1 });
  });

  it('never moves the accepted version backwards when an old answer arrives late', async () => {
    await answer('accepted', 1, 'accepted');
    await bump('accepted');
    await answer('accepted', 2, 'accepted');
    await answer('accepted', 1, 'accepted');
    const [row] = await db.query(`SELECT accepted_version FROM province_sync_state WHERE document_id = $1`, [
      id.accepted,
    ]);
    expect(row.accepted_version).toBe(2);
  });

  it('walks the delta in id order, a page at a time', async () => {
    const all = await repo.dueIdsAfter(null, 1000);
    const first = await repo.dueIdsAfter(null, 2);
    const rest = await repo.dueIdsAfter(first[1], 1000);
    expect([...first, ...rest]).toEqual(all);
    expect([...all].sort()).toEqual(all);
  });
});
