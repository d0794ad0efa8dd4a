import pg from 'pg';
import { DataSource } from 'typeorm';
import { ValiditySweepService } from '../../src/validity/validity-sweep.service.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const base = {
  category: 'normative',
  issuer: '攀枝花市人民政府',
  signedOn: '2023-03-01',
  publishedOn: '2023-03-05',
  effectiveFrom: '2023-04-01',
  validUntil: '2028-03-31',
  body: '第一条 ……',
};

describe('validity actions (POST /documents/{id}/validity)', () => {
  let t: TestApp;
  let editor: string;
  let legal: string;
  let db: DataSource;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp({ today: '2025-06-30' });
    editor = await t.tokenFor('editor');
    legal = await t.tokenFor('legal');
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const register = async (over: object = {}) => {
    const res = await t.http
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${editor}`)
      .send({ title: `测试文件${++n}`, docNumber: `攀府规〔2023〕${n}号`, ...base, ...over })
      .expect(201);
    return res.body as { id: string; version: number; docNumber: string; status: string };
  };
  const act = (id: string, version: number | null, body: object, token = legal) => {
    const req = t.http.post(`/api/v1/documents/${id}/validity`).set('Authorization', `Bearer ${token}`);
    return (version === null ? req : req.set('If-Match', `"${version}"`)).send(body);
  };
  const events = (id: string) =>
    db.query(
      `SELECT action, from_status, to_status, effective_on, reason, reason_code, basis_document_id, basis_doc_number, provisions, actor_name
       FROM validity_event WHERE document_id = $1 ORDER BY effective_on, id`,
      [id],
    );
  const stored = async (id: string) =>
    (await db.query(`SELECT status, version FROM document WHERE id = $1`, [id]))[0] as {
      status: string;
      version: number;
    };

  it('repeals a document by a library document: event, status, version, outbox and the relation both ways', async () => {
    const old = await register();
    const basis = await register({
      title: '新办法',
      publishedOn: '2025-06-01',
      effectiveFrom: '2025-06-01',
      validUntil: '2030-05-31',
    });
    const res = await act(old.id, 1, {
      action: 'repeal',
      effectiveOn: '2025-06-01',
      reason: '被新办法废止',
      basisDocumentId: basis.id,
    }).expect(201);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body.document).toMatchObject({ id: old.id, status: 'repealed', statusLabel: '废止', version: 2 });
    expect(res.body.event).toMatchObject({
      action: 'repeal',
      actionLabel: '废止',
      fromStatus: 'in_force',
      toStatus: 'repealed',
      effectiveOn: '2025-06-01',
      reason: '被新办法废止',
      basisDocumentId: basis.id,
      basisDocNumber: basis.docNumber,
      actor: 'legal-2',
    });
    expect(res.body.scheduled).toBeNull();
    expect(await stored(old.id)).toEqual({ status: 'repealed', version: 2 });
    expect((await events(old.id)).map((e: { action: string }) => e.action)).toEqual(['register', 'repeal']);
    const outbox = await db.query(`SELECT kind FROM document_change WHERE document_id = $1 ORDER BY id`, [old.id]);
    expect(outbox.map((r: { kind: string }) => r.kind)).toEqual(['created', 'validity']);

    const oldPage = await t.http.get(`/api/v1/documents/${old.id}`).expect(200);
    expect(oldPage.body.relations).toEqual([
      expect.objectContaining({
        kind: 'repealed_by',
        kindLabel: '被废止',
        documentId: basis.id,
        docNumber: basis.docNumber,
      }),
    ]);
    const basisPage = await t.http.get(`/api/v1/documents/${basis.id}`).expect(200);
    expect(basisPage.body.relations).toEqual([
      expect.objectContaining({ kind: 'repeals', documentId: old.id, status: 'repealed', statusLabel: '废止' }),
    ]);
    expect(basisPage.body.version).toBe(2);
  });

  it('refuses to repeal a document that is already repealed, and changes nothing', async () => {
    const doc = await register();
    await act(doc.id, 1, { action: 'repeal', effectiveOn: '2025-01-01', basisDocNumber: '攀府规〔2024〕99号' }).expect(
      201,
    );
    const before = await events(doc.id);
    const res = await act(doc.id, 2, {
      action: 'repeal',
      effectiveOn: '2025-02-01',
      basisDocNumber: '攀府规〔2024〕98号',
    }).expect(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, code: 'validity.already_repealed', currentStatus: 'repealed' });
    expect(await events(doc.id)).toEqual(before);
    expect(await stored(doc.id)).toEqual({ status: 'repealed', version: 2 });
  });

  it('records a repeal by a document outside the library by its 发文字号', async () => {
    const doc = await register();
    await act(doc.id, 1, { action: 'repeal', effectiveOn: '2025-01-01', basisDocNumber: '川府规[2024]7号' }).expect(
      201,
    );
    const page = await t.http.get(`/api/v1/documents/${doc.id}`).expect(200);
    expect(page.body.relations).toEqual([
      expect.objectContaining({ kind: 'repealed_by', documentId: null, docNumber: '川府规〔2024〕7号' }),
    ]);
  });

  it('refuses a repeal dated before the document took effect (422)', async () => {
    const doc = await register();
    const res = await act(doc.id, 1, {
      action: 'repeal',
      effectiveOn: '2023-03-31',
      basisDocNumber: '攀府规〔2024〕1号',
    }).expect(422);
    expect(res.body.errors).toEqual([
      { field: 'effectiveOn', reason: 'must not be before the document took effect (2023-04-01)' },
    ]);
    expect(await stored(doc.id)).toEqual({ status: 'in_force', version: 1 });
  });

  it('refuses a repeal whose basis is the document itself, by id or by number', async () => {
    const doc = await register();
    const byId = await act(doc.id, 1, { action: 'repeal', effectiveOn: '2025-01-01', basisDocumentId: doc.id }).expect(
      422,
    );
    expect(byId.body.errors).toEqual([{ field: 'basisDocumentId', reason: 'a document cannot repeal itself' }]);
    const byNumber = await act(doc.id, 1, {
      action: 'repeal',
      effectiveOn: '2025-01-01',
      basisDocNumber: doc.docNumber.replace('〔', '（').replace('〕', '）'),
    }).expect(422);
    expect(byNumber.body.errors).toEqual([{ field: 'basisDocNumber', reason: 'a document cannot repeal itself' }]);
  });

  it('refuses a repeal without a basis', async () => {
    const doc = await register();
    const res = await act(doc.id, 1, { action: 'repeal', effectiveOn: '2025-01-01' }).expect(422);
    expect(res.body.errors[0].field).toBe('basisDocumentId');
  });

  it('expires a document for a reason given by code or Chinese label, and refuses any other reason', async () => {
    const a = await register();
    const byCode = await act(a.id, 1, { action: 'expire', effectiveOn: '2025-05-01', reason: 'basis_ceased' }).expect(
      201,
    );
    expect(byCode.body.event).toMatchObject({ toStatus: 'expired', reasonCode: 'basis_ceased', reason: '依据失效' });
    const b = await register();
    const byLabel = await act(b.id, 1, {
      action: 'expire',
      effectiveOn: '2025-05-01',
      reason: '清理中宣布失效',
    }).expect(201);
    expect(byLabel.body.event).toMatchObject({ reasonCode: 'declared_invalid' });
    const c = await register();
    const bad = await act(c.id, 1, { action: 'expire', effectiveOn: '2025-05-01', reason: '不想要了' }).expect(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'reason' });
    expect(bad.body.errors[0].reason).toContain('validity_period_ended (有效期届满)');
  });

  it('partially invalidates a document naming the provisions, and refuses without them', async () => {
    const doc = await register();
    await act(doc.id, 1, { action: 'partially_invalidate', effectiveOn: '2025-05-01' }).expect(422);
    const res = await act(doc.id, 1, {
      action: 'partially_invalidate',
      effectiveOn: '2025-05-01',
      reason: '第五条与上位法不一致',
      provisions: ['第五条', ' 第七条第二款 '],
    }).expect(201);
    expect(res.body.document.status).toBe('partially_in_force');
    expect(res.body.event.provisions).toEqual(['第五条', '第七条第二款']);
    // More provisions may lose force later.
    await act(doc.id, 2, { action: 'partially_invalidate', effectiveOn: '2025-06-01', provisions: ['第九条'] }).expect(
      201,
    );
  });

  it('marks an unreviewed document in force, and refuses to mark an in-force one again', async () => {
    const doc = await register({ publishedOn: null, effectiveFrom: null, signedOn: null, validUntil: null });
    expect(doc.status).toBe('unmarked');
    const res = await act(doc.id, 1, { action: 'mark_in_force', effectiveOn: '2025-06-30', reason: '清理审核' }).expect(
      201,
    );
    expect(res.body.document.status).toBe('in_force');
    const again = await act(doc.id, 2, { action: 'mark_in_force', effectiveOn: '2025-06-30' }).expect(409);
    expect(again.body.code).toBe('validity.already_in_force');
  });

  it('refuses an action dated before the last recorded change', async () => {
    const doc = await register();
    await act(doc.id, 1, { action: 'partially_invalidate', effectiveOn: '2025-05-01', provisions: ['第一条'] }).expect(
      201,
    );
    const res = await act(doc.id, 2, { action: 'expire', effectiveOn: '2025-04-01', reason: 'basis_ceased' }).expect(
      409,
    );
    expect(res.body).toMatchObject({ code: 'validity.before_last_change', lastChangeOn: '2025-05-01' });
  });

  it('needs If-Match (428), refuses a stale version (412) and anyone but the legal office (403)', async () => {
    const doc = await register();
    await act(doc.id, null, { action: 'expire', effectiveOn: '2025-05-01', reason: 'basis_ceased' }).expect(428);
    const stale = await act(doc.id, 7, { action: 'expire', effectiveOn: '2025-05-01', reason: 'basis_ceased' }).expect(
      412,
    );
    expect(stale.body.currentVersion).toBe(1);
    await act(doc.id, 1, { action: 'expire', effectiveOn: '2025-05-01', reason: 'basis_ceased' }, editor).expect(403);
    expect(await stored(doc.id)).toEqual({ status: 'in_force', version: 1 });
  });

  it('lets exactly one of two officers acting on the same version win', async () => {
    const doc = await register();
    const [a, b] = await Promise.all([
      act(doc.id, 1, { action: 'expire', effectiveOn: '2025-05-01', reason: 'basis_ceased' }),
      act(doc.id, 1, { action: 'partially_invalidate', effectiveOn: '2025-05-01', provisions: ['第三条'] }),
    ]);
    expect([a.status, b.status].sort((x, y) => x - y)).toEqual([201, 412]);
    const evs = await events(doc.id);
    expect(evs).toHaveLength(2);
    expect(await stored(doc.id)).toMatchObject({ version: 2 });
  });

  it('validates the body: unknown action, bad date, unknown field (400)', async () => {
    const doc = await register();
    const res = await act(doc.id, 1, { action: 'abolish', effectiveOn: '2025-02-30', extra: 1 }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['action', 'effectiveOn', 'extra']);
    await act('not-a-uuid', 1, { action: 'repeal', effectiveOn: '2025-01-01' }).expect(400);
    await act('00000000-0000-4000-8000-000000000000', 1, {
      action: 'repeal',
      effectiveOn: '2025-01-01',
      basisDocNumber: 'x',
    }).expect(404);
  });

  describe('events are append-only', () => {
    it('the database refuses UPDATE and DELETE of a validity event, even to its owner', async () => {
      const doc = await register();
      // The schema's owner: the application's own role is refused before the trigger (database-roles spec).
      const owner = new pg.Client({ connectionString: t.db.url });
      await owner.connect();
      try {
        await expect(
          owner.query(`UPDATE validity_event SET reason = 'x' WHERE document_id = $1`, [doc.id]),
        ).rejects.toThrow(/append-only/);
        await expect(owner.query(`DELETE FROM validity_event WHERE document_id = $1`, [doc.id])).rejects.toThrow(
          /append-only/,
        );
        await expect(owner.query(`TRUNCATE validity_event CASCADE`)).rejects.toThrow(/append-only/);
      } finally {
        await owner.end();
      }
      expect(await events(doc.id)).toHaveLength(1);
    });

    it('corrects the latest event by a new audited one; the wrong one no longer counts for any date', async () => {
      const doc = await register();
      const wrong = await act(doc.id, 1, {
        action: 'repeal',
        effectiveOn: '2024-01-01',
        basisDocNumber: '攀府规〔2023〕999号',
      }).expect(201);
      const inForceBefore = await t.http
        .get('/api/v1/documents')
        .query({ inForceOn: '2024-06-30', docNumber: doc.docNumber });
      expect(inForceBefore.body.total).toBe(0);

      const notLatest = await act(doc.id, 2, {
        action: 'correction',
        effectiveOn: '2024-01-01',
        toStatus: 'in_force',
        correctsEventId: String(Number(wrong.body.event.id) - 1),
        reason: '误录',
      }).expect(409);
      expect(notLatest.body.code).toBe('validity.correct_latest_only');

      const fixed = await act(doc.id, 2, {
        action: 'correction',
        effectiveOn: '2024-01-01',
        toStatus: 'in_force',
        correctsEventId: wrong.body.event.id,
        reason: '误录：该文件未被废止',
      }).expect(201);
      expect(fixed.body.event).toMatchObject({
        action: 'correction',
        actionLabel: '更正',
        fromStatus: 'in_force',
        toStatus: 'in_force',
        correctsEventId: wrong.body.event.id,
        actor: 'legal-2',
      });
      expect(fixed.body.document.status).toBe('in_force');
      const inForceAfter = await t.http
        .get('/api/v1/documents')
        .query({ inForceOn: '2024-06-30', docNumber: doc.docNumber });
      expect(inForceAfter.body.total).toBe(1);

      const history = await t.http.get(`/api/v1/documents/${doc.id}/history`).expect(200);
      expect(
        history.body.events.map((e: { action: string; correctedByEventId: string | null }) => [
          e.action,
          e.correctedByEventId,
        ]),
      ).toEqual([
        ['register', null],
        ['repeal', fixed.body.event.id],
        ['correction', null],
      ]);
    });
  });

  describe('future effective dates', () => {
    it('schedules the change; the status changes only on that date, by the sweep', async () => {
      const doc = await register();
      const res = await act(doc.id, 1, {
        action: 'repeal',
        effectiveOn: '2025-09-01',
        basisDocNumber: '攀府规〔2025〕50号',
        reason: '新规定自9月1日施行',
      }).expect(201);
      expect(res.body.event).toBeNull();
      expect(res.body.scheduled).toMatchObject({ action: 'repeal', effectiveOn: '2025-09-01', state: 'scheduled' });
      expect(res.body.document.status).toBe('in_force');
      const history = await t.http.get(`/api/v1/documents/${doc.id}/history`).expect(200);
      expect(history.body.scheduled).toHaveLength(1);
      expect(history.body.events).toHaveLength(1);
    });

    it('cancels a scheduled action before its date, and refuses to cancel it twice', async () => {
      const doc = await register();
      const res = await act(doc.id, 1, { action: 'expire', effectiveOn: '2025-10-01', reason: 'basis_ceased' }).expect(
        201,
      );
      const path = `/api/v1/documents/${doc.id}/validity/scheduled/${res.body.scheduled.id}`;
      await t.http
        .delete(path)
        .set('Authorization', `Bearer ${legal}`)
        .set('If-Match', '"1"')
        .send({ reason: 'x' })
        .expect(412);
      const cancelled = await t.http
        .delete(path)
        .set('Authorization', `Bearer ${legal}`)
        .set('If-Match', '"2"')
        .send({ reason: '上位法未废止' })
        .expect(200);
      expect(cancelled.body).toMatchObject({ state: 'cancelled', failure: expect.stringContaining('上位法未废止') });
      expect(cancelled.headers.etag).toBe('"3"');
      await t.http
        .delete(path)
        .set('Authorization', `Bearer ${legal}`)
        .set('If-Match', '"3"')
        .send({ reason: 'x' })
        .expect(409);
      await t.http
        .delete(`/api/v1/documents/${doc.id}/validity/scheduled/99999999999999999999`)
        .set('Authorization', `Bearer ${legal}`)
        .set('If-Match', '"3"')
        .send({ reason: 'x' })
        .expect(400);
      t.clock.set(new Date('2025-10-02T12:00:00+08:00'));
      try {
        await t.app.get(ValiditySweepService).sweep();
      } finally {
        t.clock.set(new Date('2025-06-30T12:00:00+08:00'));
      }
      expect((await stored(doc.id)).status).toBe('in_force');
    });

    it('refuses to schedule what will no longer be possible on that date', async () => {
      const doc = await register({ validUntil: '2025-07-31' });
      const res = await act(doc.id, 1, {
        action: 'partially_invalidate',
        effectiveOn: '2025-09-01',
        provisions: ['第一条'],
      }).expect(409);
      expect(res.body).toMatchObject({ code: 'validity.already_expired', currentStatus: 'expired' });
      expect(res.body.detail).toContain('On 2025-09-01 the document will be expired');
    });

    it('accepts a repeal of a pending document dated on or after it takes effect', async () => {
      const doc = await register({
        publishedOn: '2025-06-20',
        effectiveFrom: '2025-08-01',
        signedOn: '2025-06-01',
        validUntil: null,
      });
      expect(doc.status).toBe('pending');
      await act(doc.id, 1, {
        action: 'repeal',
        effectiveOn: '2025-07-01',
        basisDocNumber: '攀府规〔2025〕51号',
      }).expect(422);
      await act(doc.id, 1, {
        action: 'repeal',
        effectiveOn: '2025-10-01',
        basisDocNumber: '攀府规〔2025〕51号',
      }).expect(201);
    });
  });

  describe('history', () => {
    it('lists every event oldest first, with labels, publicly', async () => {
      const doc = await register({ validUntil: '2024-12-31' });
      const res = await t.http.get(`/api/v1/documents/${doc.id}/history`).expect(200);
      expect(res.body).toMatchObject({ documentId: doc.id, status: 'expired', statusLabel: '失效' });
      expect(
        res.body.events.map((e: { action: string; toStatus: string; effectiveOn: string }) => [
          e.action,
          e.toStatus,
          e.effectiveOn,
        ]),
      ).toEqual([
        ['register', 'in_force', '2023-04-01'],
        ['register', 'expired', '2025-01-01'],
      ]);
      await t.http.get('/api/v1/documents/00000000-0000-4000-8000-000000000000/history').expect(404);
    });
  });

  describe('registration of a normative document without validUntil', () => {
    it('proposes the default period and says it did not fill it in', async () => {
      const res = await t.http
        .post('/api/v1/documents')
        .set('Authorization', `Bearer ${editor}`)
        .send({
          ...base,
          title: '攀枝花市养老服务管理办法',
          docNumber: '攀府规〔2025〕70号',
          effectiveFrom: '2025-04-01',
          validUntil: null,
        })
        .expect(201);
      expect(res.body.validUntil).toBeNull();
      expect(res.body.notices).toEqual([
        expect.objectContaining({
          code: 'validity.valid_until_proposed',
          proposedValidUntil: '2030-03-31',
          years: 5,
          provisional: false,
        }),
      ]);
      const provisional = await t.http
        .post('/api/v1/documents')
        .set('Authorization', `Bearer ${editor}`)
        .send({
          ...base,
          title: '攀枝花市养老服务管理暂行办法',
          docNumber: '攀府规〔2025〕71号',
          effectiveFrom: '2025-04-01',
          validUntil: null,
        })
        .expect(201);
      expect(provisional.body.notices[0]).toMatchObject({
        proposedValidUntil: '2027-03-31',
        years: 2,
        provisional: true,
      });
      const withPeriod = await register();
      expect(withPeriod).not.toHaveProperty('notices');
    });
  });

  describe('GET /validity/expiring', () => {
    it('lists documents whose validUntil falls within the window, soonest first, for the legal office', async () => {
      const soon = await register({ validUntil: '2025-08-31' });
      const later = await register({ validUntil: '2025-12-26' });
      await register({ validUntil: '2026-12-31' });
      const res = await t.http
        .get('/api/v1/validity/expiring')
        .query({ withinDays: 180 })
        .set('Authorization', `Bearer ${legal}`)
        .expect(200);
      expect(res.body).toMatchObject({ today: '2025-06-30', withinDays: 180, until: '2025-12-27' });
      const ids = res.body.items.map((i: { id: string }) => i.id);
      expect(ids.indexOf(soon.id)).toBeLessThan(ids.indexOf(later.id));
      expect(res.body.items.find((i: { id: string }) => i.id === soon.id)).toMatchObject({
        validUntil: '2025-08-31',
        daysLeft: 62,
        evaluationDueFrom: '2025-02-28',
        statusLabel: '现行有效',
      });
      expect(res.body.items.every((i: { validUntil: string }) => i.validUntil <= '2025-12-27')).toBe(true);
      await t.http.get('/api/v1/validity/expiring').expect(401);
    });
  });

  it('dates an automatic expiry no earlier than the latest recorded change when validUntil is edited after it', async () => {
    const doc = await register();
    await act(doc.id, 1, { action: 'partially_invalidate', effectiveOn: '2025-05-01', provisions: ['第二条'] }).expect(
      201,
    );
    // Moving validUntil into the past ends the document: an editor may not (documents spec), an admin may.
    await t.http
      .patch(`/api/v1/documents/${doc.id}`)
      .set('Authorization', `Bearer ${await t.tokenFor('admin')}`)
      .set('If-Match', '"2"')
      .send({ validUntil: '2025-03-31' })
      .expect(200);
    await t.app.get(ValiditySweepService).sweep();
    const evs = await events(doc.id);
    expect(evs.at(-1)).toMatchObject({ action: 'expire', to_status: 'expired', effective_on: '2025-05-01' });
    expect((await stored(doc.id)).status).toBe('expired');
  });

  it('keeps the status periods (validity_span) equal to what the events say, for every document and date', async () => {
    const mismatches = await db.query(
      `WITH dates AS (SELECT generate_series(date '2023-01-01', date '2026-01-01', interval '7 days')::date AS day)
       SELECT d.id, dates.day, ev.to_status AS from_events, sp.status AS from_spans
       FROM document d CROSS JOIN dates
       LEFT JOIN LATERAL (SELECT e.to_status FROM validity_event e
                          WHERE e.document_id = d.id AND e.effective_on <= dates.day
                            AND NOT EXISTS (SELECT 1 FROM validity_event c WHERE c.corrects_event_id = e.id)
                          ORDER BY e.effective_on DESC, e.id DESC LIMIT 1) ev ON true
       LEFT JOIN validity_span sp ON sp.document_id = d.id AND sp.during @> dates.day
       WHERE ev.to_status IS DISTINCT FROM sp.status`,
    );
    expect(mismatches).toEqual([]);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM validity_span`);
    expect(n).toBeGreaterThan(30);
  });

  it('carries a changed publishedOn onto the status periods, which order the inForceOn pages', async () => {
    const doc = await register({ publishedOn: '2023-03-05' });
    await t.http
      .patch(`/api/v1/documents/${doc.id}`)
      .set('Authorization', `Bearer ${editor}`)
      .set('If-Match', '"1"')
      .send({ publishedOn: '2023-03-20' })
      .expect(200);
    const rows = await db.query(`SELECT DISTINCT published_on FROM validity_span WHERE document_id = $1`, [doc.id]);
    expect(rows).toEqual([{ published_on: '2023-03-20' }]);
    const page = await t.http.get('/api/v1/documents').query({ inForceOn: '2024-01-01', pageSize: 100 }).expect(200);
    const dates = page.body.items.map((d: { publishedOn: string | null }) => d.publishedOn ?? '');
    expect(dates).toEqual([...dates].sort((a: string, b: string) => b.localeCompare(a)));
    expect(page.body.total).toBe(page.body.items.length);
  });
});
