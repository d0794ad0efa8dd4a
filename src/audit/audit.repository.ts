import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** One row of the audit log as the API shows it. */
export interface AuditEntry {
  id: string;
  at: Date;
  actorId: string | null;
  actor: string | null;
  actorRole: string | null;
  source: string;
  clientAddress: string | null;
  requestId: string | null;
  sessionId: string | null;
  entity: string;
  entityId: string | null;
  action: string;
  changes: Record<string, unknown>;
  note: string | null;
}

export interface AuditFilter {
  actor?: string;
  entity?: string;
  entityId?: string;
  /** From this instant, or from the start of this calendar day (YYYY-MM-DD) in `timeZone`. */
  from?: Date | string;
  /** Before this instant, or to the end of this calendar day in `timeZone`. */
  to?: Date | string;
  timeZone: string;
}

/** A login attempt, recorded explicitly (the other writes are recorded by triggers). */
export interface LoginRecord {
  action: 'login' | 'login_failed';
  username: string;
  userId: string | null;
  role: string | null;
  sessionId: string | null;
  clientAddress: string | null;
  requestId: string | null;
  /** Why a login failed: unknown_user, wrong_password, disabled. */
  note: string | null;
}

const COLUMNS = `id, at, actor_id AS "actorId", actor_name AS actor, actor_role AS "actorRole", source,
  client_address AS "clientAddress", request_id AS "requestId", session_id AS "sessionId", entity,
  entity_id AS "entityId", action, changes, note`;

function where(filter: AuditFilter, params: unknown[]): string {
  const clauses: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.actor !== undefined) add('actor_name = ?', filter.actor);
  if (filter.entity !== undefined) add('entity = ?', filter.entity);
  if (filter.entityId !== undefined) add('entity_id = ?', filter.entityId);
  const day = (offset: number) => {
    params.push(filter.timeZone);
    return `((?::date + ${offset})::timestamp AT TIME ZONE $${params.length})`;
  };
  if (typeof filter.from === 'string') add(`at >= ${day(0)}`, filter.from);
  else if (filter.from) add('at >= ?', filter.from);
  if (typeof filter.to === 'string') add(`at < ${day(1)}`, filter.to);
  else if (filter.to) add('at < ?', filter.to);
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

/** Reads the audit log and records logins; nothing here changes or removes a row (the table refuses it). */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async recordLogin(r: LoginRecord): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit_log (actor_id, actor_name, actor_role, source, client_address, request_id, session_id,
                              entity, entity_id, action, note)
       VALUES ($1, $2, $3, 'api', $4, $5, $6, $7, $8, $9, $10)`,
      [
        r.userId,
        r.username,
        r.role,
        r.clientAddress,
        r.requestId,
        r.sessionId,
        r.sessionId ? 'session' : 'user',
        r.sessionId ?? r.userId,
        r.action,
        r.note,
      ],
    );
  }

  /** Newest first. */
  async page(filter: AuditFilter, page: number, pageSize: number): Promise<{ total: number; items: AuditEntry[] }> {
    const params: unknown[] = [];
    const condition = where(filter, params);
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM audit_log ${condition}`,
      params,
    );
    const items: AuditEntry[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM audit_log ${condition} ORDER BY id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { total, items };
  }

  /** Every matching entry, newest first, a batch at a time (for the CSV export). */
  async *all(filter: AuditFilter, batch = 1_000): AsyncGenerator<AuditEntry[]> {
    let before: string | null = null;
    for (;;) {
      const params: unknown[] = [];
      const condition = where(filter, params);
      const keyset = before === null ? '' : `${condition ? ' AND' : 'WHERE'} id < $${params.length + 1}`;
      const rows: AuditEntry[] = await this.dataSource.query(
        `SELECT ${COLUMNS} FROM audit_log ${condition}${keyset} ORDER BY id DESC LIMIT ${batch}`,
        before === null ? params : [...params, before],
      );
      if (rows.length) yield rows;
      if (rows.length < batch) return;
      before = rows[rows.length - 1].id;
    }
  }
}
