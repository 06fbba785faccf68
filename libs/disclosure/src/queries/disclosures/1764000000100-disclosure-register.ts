// Shipped with the foundation; kept so databases that ran it stay in step. 1764000000110 replaces the table.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class DisclosureRegister1764000000100 implements MigrationInterface {
  name = 'DisclosureRegister1764000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE read_models.disclosure_register (
      disclosure_id                  text PRIMARY KEY,
      title                          text NOT NULL,
      technical_field                text NOT NULL,
      submitted_by                   text NOT NULL,
      inventors                      jsonb NOT NULL,
      status                         text NOT NULL,
      submitted_at                   timestamptz NOT NULL,
      acknowledged_at                timestamptz,
      acknowledgement_overdue_since  timestamptz,
      revision                       bigint NOT NULL
    )`);
    await queryRunner.query('CREATE INDEX disclosure_register_status ON read_models.disclosure_register (status, submitted_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE read_models.disclosure_register');
  }
}
