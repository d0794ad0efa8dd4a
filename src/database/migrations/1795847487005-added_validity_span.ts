import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddedValiditySpan1795847487005 implements MigrationInterface {
  name = 'AddedValiditySpan1795847487005';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "validity_span" (
                "document_id" uuid NOT NULL,
                "valid_from" date NOT NULL,
                "valid_to" date,
                "status" text NOT NULL,
                "in_force" boolean NOT NULL,
                "published_on" date,
                "during" daterange NOT NULL,
                CONSTRAINT "pk_validity_span" PRIMARY KEY ("document_id", "valid_from")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "validity_span"
        `);
  }
}
