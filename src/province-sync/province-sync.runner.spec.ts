import { finalState, outcomesFor } from './province-sync.runner.js';

const sent = (id: string, version: number) => ({ id, version, checksum: `c-${id}-${version}` });

describe('reading the province’s answer for a batch', () => {
  it('takes each document’s outcome for the version that was sent', () => {
    expect(
      outcomesFor([sent('a', 2), sent('b', 1)], {
        kind: 'answered',
        results: [
          { id: 'b', version: 1, outcome: 'rejected', reason: '标题缺失' },
          { id: 'a', version: 2, outcome: 'accepted' },
        ],
      }),
    ).toEqual([
      { id: 'a', version: 2, checksum: 'c-a-2', outcome: 'accepted', reason: null },
      { id: 'b', version: 1, checksum: 'c-b-1', outcome: 'rejected', reason: '标题缺失' },
    ]);
  });

  it('counts a document without a result for the sent version as failed, so it stays due', () => {
    const [o] = outcomesFor([sent('a', 3)], {
      kind: 'answered',
      results: [{ id: 'a', version: 2, outcome: 'accepted' }],
    });
    expect(o).toMatchObject({ id: 'a', version: 3, outcome: 'failed' });
  });

  it('gives a rejection without a reason a reason', () => {
    const [o] = outcomesFor([sent('a', 1)], {
      kind: 'answered',
      results: [{ id: 'a', version: 1, outcome: 'rejected' }],
    });
    expect(o.reason).toBe('rejected without a reason');
  });
});

describe('how a run ends', () => {
  const p = (accepted: number, rejected: number, failed: number) => ({
    batches: 1,
    sent: accepted + rejected + failed,
    accepted,
    rejected,
    failed,
  });
  it('succeeds when every document was accepted (or nothing was due)', () => {
    expect(finalState(p(5, 0, 0))).toBe('succeeded');
    expect(finalState(p(0, 0, 0))).toBe('succeeded');
  });
  it('partially fails when some were rejected or some batches failed', () => {
    expect(finalState(p(4, 1, 0))).toBe('partially_failed');
    expect(finalState(p(4, 0, 3))).toBe('partially_failed');
    expect(finalState(p(0, 2, 0))).toBe('partially_failed');
  });
  it('fails when nothing got through', () => {
    expect(finalState(p(0, 0, 3))).toBe('failed');
  });
});
