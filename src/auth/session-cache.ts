import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type OpenSession, SessionsRepository } from './sessions.repository.js';

/** The channel on which PostgreSQL announces, at commit, that a user's session ended (see the migration). */
export const SESSION_ENDED_CHANNEL = 'policy_library_session_ended';
const MAX_ENTRIES = 10_000;
const TTL_MS = 60_000;

/**
 * Open sessions as this process last read them, so that checking a token costs no query. Every process
 * LISTENs on the channel a trigger notifies when any session ends (logout, an account disabled, demoted,
 * re-passworded or deleted: whatever process, command or statement made the change), and forgets that
 * user's sessions as soon as the notification arrives. PostgreSQL sends it only when the change commits,
 * so no process can be told early. While the listening connection is down, the cache is not used at all.
 */
@Injectable()
export class SessionCache implements OnModuleDestroy {
  private readonly logger = new Logger(SessionCache.name);
  private readonly entries = new Map<string, { session: OpenSession; readAt: number }>();
  /** Advanced by every notification: a read begun before one must not be kept. */
  private generation = 0;
  private listener: pg.Client | null = null;
  private listening = false;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = 500;
  private closed = false;

  constructor(
    private readonly sessions: SessionsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(sessionId: string): Promise<OpenSession | null> {
    if (!this.listening) this.listen();
    const hit = this.entries.get(sessionId);
    const now = Date.now();
    if (hit && this.listening && now - hit.readAt < TTL_MS && hit.session.expiresAt.getTime() > now) {
      return hit.session;
    }
    const generation = this.generation;
    const session = await this.sessions.findOpen(sessionId);
    if (session && this.listening && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(sessionId, { session: { ...session, expiresAt: new Date(session.expiresAt) }, readAt: now });
    } else {
      this.entries.delete(sessionId);
    }
    return session;
  }

  /** Forgets a user's sessions now (the process that made the change does not wait for its notification). */
  forgetUser(userId: string): void {
    this.generation++;
    for (const [id, entry] of this.entries) if (entry.session.userId === userId) this.entries.delete(id);
  }

  /** Whether the cache is in use (its listening connection is up). */
  get active(): boolean {
    return this.listening;
  }

  private listen(): void {
    if (this.closed || this.connecting || this.retryTimer) return;
    this.connecting = this.connect().finally(() => (this.connecting = null));
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.DATABASE_URL, application_name: 'session-cache' });
    const lost = (e?: Error) => {
      if (this.listener !== client) return;
      this.listener = null;
      this.stopUsing();
      if (e && !this.closed) this.logger.warn(`Session notifications lost (${e.message}); checking every request.`);
      client.end().catch(() => undefined);
      this.retry();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (n) => {
      if (n.channel === SESSION_ENDED_CHANNEL && n.payload) this.forgetUser(n.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${SESSION_ENDED_CHANNEL}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.listener = client;
      this.listening = true;
      this.retryMs = 500;
    } catch (e) {
      client.end().catch(() => undefined);
      this.logger.warn(`Cannot listen for session notifications (${(e as Error).message}); retrying.`);
      this.retry();
    }
  }

  private stopUsing(): void {
    this.listening = false;
    this.generation++;
    this.entries.clear();
  }

  private retry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.listen();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.connecting;
    const client = this.listener;
    this.listener = null;
    this.stopUsing();
    await client?.end().catch(() => undefined);
  }
}
