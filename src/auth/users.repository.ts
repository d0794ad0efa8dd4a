import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Role, UserEntity } from './user.entity.js';

/** An account as administration shows it. */
export interface UserRow {
  id: string;
  username: string;
  role: Role;
  disabledAt: Date | null;
  createdAt: Date;
  lastLoginAt: Date | null;
  passwordChangedAt: Date;
  openSessions: number;
}

const USER_COLUMNS = `u.id, u.username, u.role, u.disabled_at AS "disabledAt", u.created_at AS "createdAt",
  u.last_login_at AS "lastLoginAt", u.password_changed_at AS "passwordChangedAt",
  (SELECT count(*)::int FROM user_session s WHERE s.user_id = u.id AND s.ended_at IS NULL AND s.expires_at > now())
    AS "openSessions"`;

/** Accounts. Changing a role, a password or the disabled flag ends the account's sessions (a trigger does it). */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ username });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  async list(): Promise<UserRow[]> {
    return this.users.query(`SELECT ${USER_COLUMNS} FROM app_user u ORDER BY u.username`);
  }

  async row(id: string): Promise<UserRow | null> {
    const rows: UserRow[] = await this.users.query(`SELECT ${USER_COLUMNS} FROM app_user u WHERE u.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Creates the user, or replaces the role and password of an existing one. Returns whether it was new. */
  async upsert(username: string, role: Role, passwordHash: string): Promise<{ id: string; created: boolean }> {
    const rows: { id: string; created: boolean }[] = await this.users.query(
      `INSERT INTO app_user (username, role, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (username) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash,
         password_changed_at = now()
       RETURNING id, (xmax = 0) AS created`,
      [username, role, passwordHash],
    );
    return rows[0];
  }

  /** Creates a user; null when the username is taken. */
  async insert(username: string, role: Role, passwordHash: string): Promise<string | null> {
    const rows: { id: string }[] = await this.users.query(
      `INSERT INTO app_user (username, role, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      [username, role, passwordHash],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Sets the role and/or the disabled state, refusing to leave the library without an enabled admin (one
   * statement, so two admins demoting each other at once cannot both succeed). Returns 'changed',
   * 'unchanged', 'not_found' or 'last_admin'.
   */
  async update(
    id: string,
    change: { role?: Role; disabled?: boolean },
  ): Promise<'changed' | 'unchanged' | 'not_found' | 'last_admin'> {
    return this.users.manager.transaction(async (tx) => {
      // Serialises changes that could remove the last admin.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('app_user:admins'))`);
      const [current]: { role: Role; disabled: boolean }[] = await tx.query(
        `SELECT role, disabled_at IS NOT NULL AS disabled FROM app_user WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!current) return 'not_found';
      const role = change.role ?? current.role;
      const disabled = change.disabled ?? current.disabled;
      if (role === current.role && disabled === current.disabled) return 'unchanged';
      if (current.role === 'admin' && !current.disabled && (role !== 'admin' || disabled)) {
        const [{ n }]: { n: number }[] = await tx.query(
          `SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND disabled_at IS NULL AND id <> $1`,
          [id],
        );
        if (n === 0) return 'last_admin';
      }
      await tx.query(
        `UPDATE app_user SET role = $2,
           disabled_at = CASE WHEN $3 THEN coalesce(disabled_at, now()) ELSE NULL END
         WHERE id = $1`,
        [id, role, disabled],
      );
      return 'changed';
    });
  }

  async setPassword(id: string, passwordHash: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.users.query(
      `UPDATE app_user SET password_hash = $2, password_changed_at = now() WHERE id = $1`,
      [id, passwordHash],
    );
    return count > 0;
  }

  async recordLogin(id: string): Promise<void> {
    await this.users.query(`UPDATE app_user SET last_login_at = now() WHERE id = $1`, [id]);
  }
}
