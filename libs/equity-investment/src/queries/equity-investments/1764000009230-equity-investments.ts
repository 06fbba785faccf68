import { MigrationInterface, QueryRunner } from 'typeorm';

/** Equity investments (作价投资, R5): one row per investment, listed per achievement. */
export class EquityInvestments1764000009230 implements MigrationInterface {
  name = 'EquityInvestments1764000009230';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE read_models.equity_investments (
      investment_id   text PRIMARY KEY,
      achievement_id  text NOT NULL,
      case_id         text NOT NULL,
      opened_by       text NOT NULL,
      opened_at       timestamptz NOT NULL,
      status          text NOT NULL,
      state           jsonb NOT NULL,
      valuation       jsonb,
      dividends       jsonb NOT NULL,
      sales           jsonb NOT NULL,
      revision        bigint NOT NULL,
      updated_at      timestamptz NOT NULL
    )`);
    await queryRunner.query('CREATE INDEX equity_investments_achievement ON read_models.equity_investments (achievement_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE read_models.equity_investments');
  }
}
