import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from './user.entity.js';

type Executor = Pick<EntityManager, 'query'>;

export type SessionKind = 'api' | 'console';

/** An open session with what a request needs to know about its user. */
export interface OpenSession {
  sessionId: string;
  userId: string;
  username: string;
  role: Role;
  expiresAt: Date;
}

/** The session store: user_session rows (an account change ends them by trigger, see the migration). */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async start(
    userId: string,
    kind: SessionKind,
    expiresAt: Date,
    client: { address: string | null; userAgent: string | null },
    db: Executor = this.dataSource,
  ): Promise<string> {
    const [row]: { id: string }[] = await db.query(
      `INSERT INTO user_session (user_id, kind, expires_at, client_address, user_agent)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [userId, kind, expiresAt, client.address, client.userAgent?.slice(0, 500) ?? null],
    );
    return row.id;
  }

  /** The session if it is open and unexpired and its account enabled; null otherwise. */
  async findOpen(sessionId: string): Promise<OpenSession | null> {
    const rows: OpenSession[] = await this.dataSource.query(
      `SELECT s.id AS "sessionId", u.id AS "userId", u.username, u.role, s.expires_at AS "expiresAt"
       FROM user_session s JOIN app_user u ON u.id = s.user_id
       WHERE s.id = $1 AND s.ended_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
      [sessionId],
    );
    return rows[0] ?? null;
  }

  /** Ends one session (logout); returns its user when it was open. */
  async end(sessionId: string, reason: string, db: Executor = this.dataSource): Promise<string | null> {
    const rows: { user_id: string }[] = await db.query(
      `UPDATE user_session SET ended_at = now(), ended_reason = $2
       WHERE id = $1 AND ended_at IS NULL RETURNING user_id`,
      [sessionId, reason],
    );
    // EntityManager.query answers UPDATE … RETURNING with [rows, count].
    const returned = (Array.isArray(rows[0]) ? rows[0] : rows) as { user_id: string }[];
    return returned[0]?.user_id ?? null;
  }

  /** Sessions that ended or expired more than a month ago go; the audit log keeps their end. */
  async prune(userId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM user_session
       WHERE user_id = $1 AND coalesce(ended_at, expires_at) < now() - interval '30 days'`,
      [userId],
    );
  }
}
