/** The PostgreSQL error behind a TypeORM QueryFailedError (or a raw pg error). */
export function pgError(e: unknown): { code?: string; constraint?: string } {
  if (typeof e !== 'object' || e === null) return {};
  const inner = (e as { driverError?: unknown }).driverError ?? e;
  const { code, constraint } = inner as { code?: unknown; constraint?: unknown };
  return {
    code: typeof code === 'string' ? code : undefined,
    constraint: typeof constraint === 'string' ? constraint : undefined,
  };
}

export const isUniqueViolation = (e: unknown, constraint?: string): boolean => {
  const err = pgError(e);
  return err.code === '23505' && (constraint === undefined || err.constraint === constraint);
};
