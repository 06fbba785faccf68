import { MigrationInterface, QueryRunner } from 'typeorm';

/** The achievement ledger (台账, R12): one row per achievement in the register. */
export class AchievementRegister1764000001000 implements MigrationInterface {
  name = 'AchievementRegister1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE read_models.achievement_register (
      achievement_id      text PRIMARY KEY,
      kind                text,
      title               text NOT NULL,
      status              text NOT NULL,
      owner               jsonb NOT NULL,
      owner_kind          text NOT NULL,
      inventors           jsonb NOT NULL,
      inventor_ids        text[] NOT NULL,
      classification      jsonb NOT NULL,
      confidentiality     text NOT NULL,
      r5_filing_required  boolean NOT NULL,
      filing_decision     text,
      rights              jsonb NOT NULL,
      application_number  text,
      patent_number       text,
      open_case_ids       text[] NOT NULL,
      disclosure_id       text,
      irregularity_count  integer NOT NULL DEFAULT 0,
      registered_at       timestamptz,
      state               jsonb NOT NULL,
      revision            bigint NOT NULL,
      updated_at          timestamptz NOT NULL
    )`);
    await queryRunner.query('CREATE INDEX achievement_register_inventor_ids ON read_models.achievement_register USING gin (inventor_ids)');
    await queryRunner.query('CREATE INDEX achievement_register_status ON read_models.achievement_register (status, kind)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE read_models.achievement_register');
  }
}
