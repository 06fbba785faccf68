import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reward distributions and the payments finance's payroll export reads (R8–R10). */
export class Rewards1764000009100 implements MigrationInterface {
  name = 'Rewards1764000009100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE read_models.reward_distributions (
      distribution_id            text PRIMARY KEY,
      achievement_id             text NOT NULL,
      year                       integer NOT NULL,
      status                     text NOT NULL,
      contributor_ids            text[] NOT NULL,
      computed                   jsonb NOT NULL,
      state                      jsonb NOT NULL,
      announced_at               timestamptz,
      announcement_ends_at       timestamptz,
      includes_principal_leader  boolean NOT NULL,
      revision                   bigint NOT NULL,
      updated_at                 timestamptz NOT NULL
    )`);
    await queryRunner.query(
      'CREATE INDEX reward_distributions_announced ON read_models.reward_distributions (announcement_ends_at) WHERE announced_at IS NOT NULL',
    );
    await queryRunner.query(`CREATE TABLE read_models.reward_payments (
      event_id           uuid PRIMARY KEY,
      distribution_id    text NOT NULL,
      achievement_id     text NOT NULL,
      user_id            text NOT NULL,
      name               text NOT NULL,
      cash_fen           bigint NOT NULL,
      equity_fen         bigint NOT NULL,
      principal_leader   boolean NOT NULL,
      tax                jsonb NOT NULL,
      paid_on            date NOT NULL,
      month              text NOT NULL,
      payment_reference  text NOT NULL
    )`);
    await queryRunner.query('CREATE INDEX reward_payments_month ON read_models.reward_payments (month, paid_on)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE read_models.reward_payments');
    await queryRunner.query('DROP TABLE read_models.reward_distributions');
  }
}
