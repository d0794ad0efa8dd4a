import { planChanges } from './validity-timeline.js';

describe('planning the changes due by a date', () => {
  it('makes a pending document take effect on effectiveFrom', () => {
    const plan = planChanges({ status: 'pending', effectiveFrom: '2025-08-01', validUntil: null }, [], '2025-08-01');
    expect(plan.changes).toEqual([
      { action: 'take_effect', from: 'pending', to: 'in_force', effectiveOn: '2025-08-01', reason: '自施行日期起生效' },
    ]);
    expect(plan.status).toBe('in_force');
  });

  it('does nothing before the date', () => {
    const plan = planChanges({ status: 'pending', effectiveFrom: '2025-08-01', validUntil: null }, [], '2025-07-31');
    expect(plan).toEqual({ changes: [], failed: [], status: 'pending' });
  });

  it('expires the day after validUntil, not on it', () => {
    const doc = { status: 'in_force' as const, effectiveFrom: '2020-01-01', validUntil: '2024-12-31' };
    expect(planChanges(doc, [], '2024-12-31').changes).toEqual([]);
    expect(planChanges(doc, [], '2025-01-01').changes).toEqual([
      expect.objectContaining({
        action: 'expire',
        to: 'expired',
        effectiveOn: '2025-01-01',
        reasonCode: 'validity_period_ended',
      }),
    ]);
  });

  it('catches up on several missed changes, each on its own date, in order', () => {
    const plan = planChanges(
      { status: 'pending', effectiveFrom: '2025-01-03', validUntil: '2025-01-08' },
      [{ id: '7', action: 'partially_invalidate', effectiveOn: '2025-01-05' }],
      '2025-01-20',
    );
    expect(plan.changes.map((c) => [c.action, c.effectiveOn, c.to])).toEqual([
      ['take_effect', '2025-01-03', 'in_force'],
      ['partially_invalidate', '2025-01-05', 'partially_in_force'],
      ['expire', '2025-01-09', 'expired'],
    ]);
    expect(plan.changes[1].scheduledId).toBe('7');
  });

  it('lets a repeal dated the day a period runs out win over the expiry', () => {
    const plan = planChanges(
      { status: 'in_force', effectiveFrom: '2020-01-01', validUntil: '2024-12-31' },
      [{ id: '1', action: 'repeal', effectiveOn: '2025-01-01' }],
      '2025-02-01',
    );
    expect(plan.changes.map((c) => c.action)).toEqual(['repeal']);
    expect(plan.status).toBe('repealed');
  });

  it('reports a scheduled action that can no longer apply instead of applying it', () => {
    const plan = planChanges(
      { status: 'in_force', effectiveFrom: '2020-01-01', validUntil: '2024-12-31' },
      [{ id: '3', action: 'repeal', effectiveOn: '2025-03-01' }],
      '2025-04-01',
    );
    expect(plan.changes.map((c) => c.action)).toEqual(['expire']);
    expect(plan.failed).toEqual([expect.objectContaining({ scheduledId: '3', code: 'validity.already_expired' })]);
  });
});

describe('automatic changes after dates were edited', () => {
  it('never dates an automatic change before the latest recorded one', () => {
    // validUntil was shortened to 2025-03-31 after a partial invalidation recorded on 2025-05-01.
    const plan = planChanges(
      {
        status: 'partially_in_force',
        effectiveFrom: '2020-01-01',
        validUntil: '2025-03-31',
        lastChangeOn: '2025-05-01',
      },
      [],
      '2025-06-30',
    );
    expect(plan.changes).toEqual([expect.objectContaining({ action: 'expire', effectiveOn: '2025-05-01' })]);
  });
});
