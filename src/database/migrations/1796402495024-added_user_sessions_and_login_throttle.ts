/** Accounts can be disabled and their sessions ended; failed logins are counted to slow guessing down. */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddedUserSessionsAndLoginThrottle1796402495024 implements MigrationInterface {
  name = 'AddedUserSessionsAndLoginThrottle1796402495024';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "login_throttle" (
                "key" text NOT NULL,
                "failures" integer NOT NULL,
                "last_failure_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "blocked_until" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "pk_login_throttle" PRIMARY KEY ("key")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "user_session" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ended_at" TIMESTAMP WITH TIME ZONE,
                "ended_reason" text,
                "client_address" text,
                "user_agent" text,
                CONSTRAINT "ck_user_session_kind" CHECK ("kind" IN ('api', 'console')),
                CONSTRAINT "pk_user_session" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_user_session_user_open" ON "user_session" ("user_id")
            WHERE "ended_at" IS NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "disabled_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "password_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "last_login_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "scheduled_validity_action"
            ADD "actor_role" text
        `);
    await queryRunner.query(`
            ALTER TABLE "validity_event"
            ADD "actor_role" text
        `);
    await queryRunner.query(`
            ALTER TABLE "user_session"
            ADD CONSTRAINT "fk_user_session_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "user_session" DROP CONSTRAINT "fk_user_session_user"
        `);
    await queryRunner.query(`
            ALTER TABLE "validity_event" DROP COLUMN "actor_role"
        `);
    await queryRunner.query(`
            ALTER TABLE "scheduled_validity_action" DROP COLUMN "actor_role"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "last_login_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "password_changed_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "disabled_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_user_session_user_open"
        `);
    await queryRunner.query(`
            DROP TABLE "user_session"
        `);
    await queryRunner.query(`
            DROP TABLE "login_throttle"
        `);
  }
}
