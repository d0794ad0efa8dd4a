import { decideTransition, type TransitionAction } from './validity-state-machine.js';
import { VALIDITY_STATUSES, type ValidityStatus } from './validity-status.js';

/** Every legal (from, action) → to; every pair not listed here must be refused. */
const LEGAL: Record<string, ValidityStatus> = {
  'pending take_effect': 'in_force',
  'unmarked mark_in_force': 'in_force',
  'unmarked repeal': 'repealed',
  'in_force repeal': 'repealed',
  'partially_in_force repeal': 'repealed',
  'unmarked expire': 'expired',
  'in_force expire': 'expired',
  'partially_in_force expire': 'expired',
  'unmarked partially_invalidate': 'partially_in_force',
  'in_force partially_invalidate': 'partially_in_force',
  'partially_in_force partially_invalidate': 'partially_in_force',
};

const ACTIONS: Exclude<TransitionAction, 'correction'>[] = [
  'take_effect',
  'mark_in_force',
  'repeal',
  'expire',
  'partially_invalidate',
];

describe('validity state machine', () => {
  const pairs = VALIDITY_STATUSES.flatMap((from) => ACTIONS.map((action) => [from, action] as const));

  it.each(pairs.filter(([f, a]) => LEGAL[`${f} ${a}`]))('allows %s → %s', (from, action) => {
    expect(decideTransition(from, action)).toEqual({ allowed: true, to: LEGAL[`${from} ${action}`] });
  });

  it.each(pairs.filter(([f, a]) => !LEGAL[`${f} ${a}`]))('refuses %s → %s with a code and a reason', (from, action) => {
    const d = decideTransition(from, action);
    expect(d.allowed).toBe(false);
    if (!d.allowed) {
      expect(d.code).toMatch(/^validity\./);
      expect(d.message.length).toBeGreaterThan(10);
    }
  });

  it('covers all 30 pairs, 11 of them legal', () => {
    expect(pairs).toHaveLength(30);
    expect(pairs.filter(([f, a]) => decideTransition(f, a).allowed)).toHaveLength(11);
  });

  it('says a repealed document is final and names the status', () => {
    expect(decideTransition('repealed', 'repeal')).toMatchObject({ allowed: false, code: 'validity.already_repealed' });
    expect(decideTransition('expired', 'mark_in_force')).toMatchObject({
      allowed: false,
      code: 'validity.already_expired',
    });
  });

  it('tells the officer that a pending document takes effect by itself', () => {
    expect(decideTransition('pending', 'repeal')).toMatchObject({ allowed: false, code: 'validity.not_yet_in_force' });
  });

  it.each(VALIDITY_STATUSES.flatMap((from) => VALIDITY_STATUSES.map((to) => [from, to] as const)))(
    'lets a correction set %s → %s',
    (from, to) => {
      expect(decideTransition(from, 'correction', to)).toEqual({ allowed: true, to });
    },
  );

  it('refuses a correction that names no status', () => {
    expect(decideTransition('in_force', 'correction')).toMatchObject({ allowed: false });
  });
});
