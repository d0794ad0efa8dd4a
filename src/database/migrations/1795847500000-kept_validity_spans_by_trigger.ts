import { MigrationInterface, QueryRunner } from 'typeorm';

/** The periods of the given documents, rebuilt from their counted events (see refresh_validity_spans). */
const REBUILD = (documents: string) => `
  INSERT INTO validity_span (document_id, valid_from, valid_to, status, in_force, published_on, during)
  SELECT p.document_id, p.effective_on, p.next_on, p.to_status, p.to_status IN ('in_force', 'partially_in_force'),
         d.published_on, daterange(p.effective_on, p.next_on)
  FROM (
    SELECT e.document_id, e.effective_on, e.to_status,
           lead(e.effective_on) OVER (PARTITION BY e.document_id ORDER BY e.effective_on, e.id) AS next_on
    FROM ${documents}
    WHERE NOT EXISTS (SELECT 1 FROM validity_event c WHERE c.corrects_event_id = e.id)
  ) p
  JOIN document d ON d.id = p.document_id
  WHERE p.next_on IS NULL OR p.next_on > p.effective_on`;

/**
 * Keeps validity_span (a document's status periods) in step with validity_event: after every statement
 * that inserts events, the periods of the documents concerned are rebuilt from their counted events
 * (a corrected event does not count; an event followed the same day by another leaves no period).
 * A document's publishedOn is copied onto its periods and follows its changes. The periods are indexed
 * by date range where in force, covering publishedOn and the document id (index-only first pages); the annual
 * report reads all periods in one pass, which needs no index (one fewer to maintain on every insert).
 */
export class KeptValiditySpansByTrigger1795847500000 implements MigrationInterface {
  name = 'KeptValiditySpansByTrigger1795847500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION refresh_validity_spans() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids uuid[];
      BEGIN
        -- An array joined through unnest makes every step an index lookup per document, whatever the
        -- size of the statement (a transition table has no statistics, and a bad guess was quadratic).
        SELECT array_agg(DISTINCT document_id) INTO ids FROM inserted_events;
        DELETE FROM validity_span s USING unnest(ids) AS t(id) WHERE s.document_id = t.id;
        ${REBUILD('unnest(ids) AS t(id) JOIN validity_event e ON e.document_id = t.id')};
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_validity_event_spans
      AFTER INSERT ON validity_event
      REFERENCING NEW TABLE AS inserted_events
      FOR EACH STATEMENT EXECUTE FUNCTION refresh_validity_spans()`);
    await queryRunner.query(`
      CREATE FUNCTION copy_published_on_to_spans() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE validity_span SET published_on = NEW.published_on WHERE document_id = NEW.id;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_document_published_on_spans
      AFTER UPDATE OF published_on ON document
      FOR EACH ROW WHEN (OLD.published_on IS DISTINCT FROM NEW.published_on)
      EXECUTE FUNCTION copy_published_on_to_spans()`);
    // Periods of the events already recorded.
    await queryRunner.query(REBUILD('validity_event e'));
    await queryRunner.query(
      `CREATE INDEX ix_validity_span_in_force_during ON validity_span USING gist (during)
       INCLUDE (published_on, document_id) WHERE in_force`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_validity_span_in_force_during`);
    await queryRunner.query(`DROP TRIGGER trg_document_published_on_spans ON document`);
    await queryRunner.query(`DROP FUNCTION copy_published_on_to_spans()`);
    await queryRunner.query(`DROP TRIGGER trg_validity_event_spans ON validity_event`);
    await queryRunner.query(`DROP FUNCTION refresh_validity_spans()`);
    await queryRunner.query(`DELETE FROM validity_span`);
  }
}
