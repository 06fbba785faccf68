import { MigrationInterface, QueryRunner } from 'typeorm';

export class ExemptionClaims1764000000500 implements MigrationInterface {
  name = 'ExemptionClaims1764000000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE read_models.exemption_claims (
      claim_id              text PRIMARY KEY,
      status                text NOT NULL,
      subject_kind          text NOT NULL,
      subject_stream_id     text NOT NULL,
      subject_event_id      text NOT NULL,
      loss_fen              bigint NOT NULL,
      description           text NOT NULL,
      decision_makers       jsonb NOT NULL,
      findings              jsonb NOT NULL,
      failed_findings       text[] NOT NULL,
      assertion             jsonb NOT NULL,
      overrides             jsonb NOT NULL,
      outcome_reasons       jsonb,
      excluded_from_state_asset_assessment boolean NOT NULL,
      filed_by              text NOT NULL,
      filed_at              timestamptz NOT NULL,
      concluded_at          timestamptz,
      state                 jsonb NOT NULL,
      revision              bigint NOT NULL,
      updated_at            timestamptz NOT NULL
    )`);
    await queryRunner.query('CREATE INDEX exemption_claims_status ON read_models.exemption_claims (status, updated_at)');
    await queryRunner.query(`CREATE TABLE read_models.exemption_claims_by_decision_maker (
      user_id           text NOT NULL,
      claim_id          text NOT NULL,
      name              text,
      sources           text[] NOT NULL,
      status            text NOT NULL,
      subject_kind      text NOT NULL,
      subject_stream_id text NOT NULL,
      subject_event_id  text NOT NULL,
      loss_fen          bigint NOT NULL,
      failed_findings   text[] NOT NULL,
      filed_at          timestamptz NOT NULL,
      concluded_at      timestamptz,
      revision          bigint NOT NULL,
      PRIMARY KEY (user_id, claim_id)
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE read_models.exemption_claims_by_decision_maker');
    await queryRunner.query('DROP TABLE read_models.exemption_claims');
  }
}
