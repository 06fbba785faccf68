import { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models of the transfer process: cases by status, per-achievement history, the notice board. */
export class TransferPublicity1764000000400 implements MigrationInterface {
  name = 'TransferPublicity1764000000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE read_models.transfer_cases (
      case_id                    text PRIMARY KEY,
      achievement_kind           text NOT NULL,
      achievement_id             text NOT NULL,
      achievement_name           text NOT NULL,
      mode                       text NOT NULL,
      license_exclusivity        text,
      pricing_method             text NOT NULL,
      counterparty               jsonb,
      price_fen                  bigint NOT NULL,
      status                     text NOT NULL,
      supervisory_filing_required boolean NOT NULL,
      supervisory_filing_number  text,
      publicity_round            integer,
      publicity_period_ends_at   timestamptz,
      market                     jsonb,
      approval_terms_hash        text,
      approval_outcome           text,
      registration_number        text,
      registered_on              text,
      executed_at                timestamptz,
      reward_eligible            boolean,
      flags                      jsonb NOT NULL DEFAULT '[]',
      opened_by                  text NOT NULL,
      opened_at                  timestamptz NOT NULL,
      updated_at                 timestamptz NOT NULL,
      state                      jsonb NOT NULL,
      revision                   bigint NOT NULL
    )`);
    await queryRunner.query('CREATE INDEX transfer_cases_status ON read_models.transfer_cases (status, opened_at)');
    await queryRunner.query(`CREATE TABLE read_models.transfer_case_history (
      event_id          uuid PRIMARY KEY,
      achievement_kind  text NOT NULL,
      achievement_id    text NOT NULL,
      case_id           text NOT NULL,
      revision          bigint NOT NULL,
      event_type        text NOT NULL,
      occurred_at       timestamptz NOT NULL,
      actor_id          text NOT NULL,
      actor_role        text NOT NULL,
      data              jsonb NOT NULL
    )`);
    await queryRunner.query(
      'CREATE INDEX transfer_case_history_achievement ON read_models.transfer_case_history (achievement_kind, achievement_id, occurred_at, case_id, revision)',
    );
    await queryRunner.query('CREATE INDEX transfer_case_history_case ON read_models.transfer_case_history (case_id, revision)');
    await queryRunner.query(`CREATE TABLE read_models.publicity_notices (
      case_id            text NOT NULL,
      round              integer NOT NULL,
      achievement_kind   text NOT NULL,
      achievement_id     text NOT NULL,
      achievement_name   text NOT NULL,
      proposed_price_fen bigint NOT NULL,
      days               integer NOT NULL,
      published_at       timestamptz NOT NULL,
      period_ends_at     timestamptz NOT NULL,
      status             text NOT NULL,
      objections         jsonb NOT NULL DEFAULT '[]',
      closed_at          timestamptz,
      revision           bigint NOT NULL,
      PRIMARY KEY (case_id, round)
    )`);
    await queryRunner.query('CREATE INDEX publicity_notices_status ON read_models.publicity_notices (status, period_ends_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE read_models.publicity_notices');
    await queryRunner.query('DROP TABLE read_models.transfer_case_history');
    await queryRunner.query('DROP TABLE read_models.transfer_cases');
  }
}
