import { MigrationInterface, QueryRunner } from 'typeorm';

/** Replaces the foundation's disclosure_register with the full disclosure read model. */
export class Disclosures1764000000110 implements MigrationInterface {
  name = 'Disclosures1764000000110';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS read_models.disclosure_register');
    await queryRunner.query(`CREATE TABLE read_models.disclosures (
      disclosure_id               text PRIMARY KEY,
      title                       text NOT NULL,
      technical_field             text NOT NULL,
      confidentiality             text NOT NULL,
      supervisory_filing_required boolean NOT NULL,
      drafted_by                  text NOT NULL,
      inventors                   jsonb NOT NULL,
      inventor_ids                text[] NOT NULL,
      status                      text NOT NULL,
      evaluator_id                text,
      evaluation_id               text,
      recommendation              text,
      decision                    text,
      decision_reasons            text,
      decided_by                  text,
      open_question               text,
      drafted_at                  timestamptz NOT NULL,
      submitted_at                timestamptz,
      decided_at                  timestamptz,
      due_at                      timestamptz,
      overdue                     boolean NOT NULL DEFAULT false,
      overdue_reasons             text[] NOT NULL DEFAULT '{}',
      state                       jsonb NOT NULL,
      revision                    bigint NOT NULL,
      updated_at                  timestamptz NOT NULL
    )`);
    await queryRunner.query('CREATE INDEX disclosures_inventor_ids ON read_models.disclosures USING gin (inventor_ids)');
    await queryRunner.query('CREATE INDEX disclosures_queue ON read_models.disclosures (status, overdue DESC, due_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE read_models.disclosures');
  }
}
