/**
 * How public answers name who acted: the office, never the person (login names would tell an attacker which
 * accounts to try). Staff answers also carry the login name.
 */
export const ACTING_OFFICE_LABELS = {
  legal: '法制机构',
  editor: '编辑',
  admin: '管理员',
  system: '系统',
} as const;

/** The office for a role recorded with an act; null (no user: dates, the scheduler, imports) is the library itself. */
export function actingOffice(role: string | null): string {
  return ACTING_OFFICE_LABELS[(role ?? 'system') as keyof typeof ACTING_OFFICE_LABELS] ?? ACTING_OFFICE_LABELS.system;
}
