import {
  EventSubscriber,
  type AfterQueryEvent,
  type BeforeQueryEvent,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionStartEvent,
} from 'typeorm';
import { auditContextOf, currentContext } from '../common/request-context.js';

const SETTING = 'policy_library.audit_context';
/** Statements that cannot write an audited table: no context needed. */
const READ_ONLY = /^\s*(SELECT|SHOW|SET|START|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i;
const HOLDS_SESSION_CONTEXT = Symbol('policy-library:audit-context');

type MarkedRunner = QueryRunner & { [HOLDS_SESSION_CONTEXT]?: boolean };

/**
 * Hands the acting user, client address and request id to the audit triggers (agreement: the triggers read
 * them from `policy_library.audit_context`). A transaction gets them as a transaction-local setting right
 * after it starts; a write outside any transaction gets them for that one statement and has them cleared
 * after it. Reads and the library's own background work (no context) send nothing.
 */
@EventSubscriber()
export class AuditContextSubscriber implements EntitySubscriberInterface {
  async afterTransactionStart(event: TransactionStartEvent): Promise<void> {
    const context = currentContext();
    // Once per transaction: a savepoint inside it (depth 2 and more) keeps the setting.
    const depth = (event.queryRunner as unknown as { transactionDepth?: number }).transactionDepth;
    if (!context?.writes || (depth !== undefined && depth > 1)) return;
    await event.queryRunner.query(`SELECT set_config('${SETTING}', $1, true)`, [auditContextOf(context)]);
  }

  async beforeQuery(event: BeforeQueryEvent): Promise<void> {
    const runner = event.queryRunner as MarkedRunner | undefined;
    if (!runner || runner.isTransactionActive || runner[HOLDS_SESSION_CONTEXT] || READ_ONLY.test(event.query)) return;
    const context = currentContext();
    if (!context?.writes) return;
    await runner.query(`SELECT set_config('${SETTING}', $1, false)`, [auditContextOf(context)]);
    runner[HOLDS_SESSION_CONTEXT] = true;
  }

  async afterQuery(event: AfterQueryEvent): Promise<void> {
    const runner = event.queryRunner as MarkedRunner | undefined;
    if (!runner?.[HOLDS_SESSION_CONTEXT] || READ_ONLY.test(event.query)) return;
    runner[HOLDS_SESSION_CONTEXT] = false;
    // The pooled connection must not carry this request's identity into the next one.
    await runner.query(`SELECT set_config('${SETTING}', '', false)`);
  }
}
