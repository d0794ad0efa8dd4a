import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type DocumentChangeKind = 'created' | 'updated' | 'validity';

/** Writes outbox rows; always inside the transaction that makes the change. */
@Injectable()
export class OutboxRepository {
  async recordChanges(
    tx: Pick<EntityManager, 'query'>,
    documentIds: string[],
    kind: DocumentChangeKind,
  ): Promise<void> {
    if (!documentIds.length) return;
    await tx.query(`INSERT INTO document_change (document_id, kind) SELECT unnest($1::uuid[]), $2`, [
      documentIds,
      kind,
    ]);
  }
}
