import { MigrationInterface, QueryRunner } from 'typeorm';

export class AbandonmentContracts1764000000300 implements MigrationInterface {
  name = 'AbandonmentContracts1764000000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE read_models.abandonment_contracts (
      contract_id          text PRIMARY KEY,
      title                text NOT NULL,
      status               text NOT NULL,
      terms                jsonb NOT NULL,
      inventor_ids         text[] NOT NULL,
      decision_event_id    text NOT NULL,
      evaluation_event_id  text NOT NULL,
      application_number   text,
      patent_number        text,
      revenue_fen          bigint NOT NULL,
      deductible_costs_fen bigint NOT NULL,
      deducted_fen         bigint NOT NULL,
      unit_share_fen       bigint NOT NULL,
      state                jsonb NOT NULL,
      revision             bigint NOT NULL,
      updated_at           timestamptz NOT NULL
    )`);
    await queryRunner.query('CREATE INDEX abandonment_contracts_status ON read_models.abandonment_contracts (status, updated_at)');
    await queryRunner.query(`CREATE TABLE read_models.contract_revenue_reports (
      contract_id               text NOT NULL,
      revision                  bigint NOT NULL,
      period_start              date NOT NULL,
      period_end                date NOT NULL,
      revenue_fen               bigint NOT NULL,
      deducted_fen              bigint NOT NULL,
      net_revenue_fen           bigint NOT NULL,
      share_basis_points        integer NOT NULL,
      unit_share_fen            bigint NOT NULL,
      costs_carried_forward_fen bigint NOT NULL,
      reported_by               text NOT NULL,
      reported_at               timestamptz NOT NULL,
      PRIMARY KEY (contract_id, revision)
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE read_models.contract_revenue_reports');
    await queryRunner.query('DROP TABLE read_models.abandonment_contracts');
  }
}
