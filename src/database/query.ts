import type { EntityManager } from 'typeorm';

/**
 * Runs an UPDATE or DELETE … RETURNING and gives back the returned rows.
 * (EntityManager.query answers such statements with `[rows, count]`, which is easy to misread.)
 */
export async function modifyReturning<T>(tx: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const runner = tx.queryRunner ?? tx.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    return result.records as T[];
  } finally {
    if (!tx.queryRunner) await runner.release();
  }
}
