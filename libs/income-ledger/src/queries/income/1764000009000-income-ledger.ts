import { MigrationInterface, QueryRunner } from 'typeorm';

/** The income ledger (R8, R14): one row per achievement with income or deductible costs. */
export class IncomeLedger1764000009000 implements MigrationInterface {
  name = 'IncomeLedger1764000009000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE read_models.income_ledger (
      achievement_id  text PRIMARY KEY,
      state           jsonb NOT NULL,
      lines           jsonb NOT NULL,
      years           jsonb NOT NULL,
      revision        bigint NOT NULL,
      updated_at      timestamptz NOT NULL
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE read_models.income_ledger');
  }
}
