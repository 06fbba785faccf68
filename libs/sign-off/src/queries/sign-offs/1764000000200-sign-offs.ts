import { MigrationInterface, QueryRunner } from 'typeorm';

export class SignOffs1764000000200 implements MigrationInterface {
  name = 'SignOffs1764000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE read_models.sign_off_rounds (
      stream_id            text NOT NULL,
      sign_off_id          text NOT NULL,
      round                integer NOT NULL,
      subject              text NOT NULL,
      status               text NOT NULL CHECK (status IN ('open', 'expired', 'closed')),
      outcome              text,
      mode                 jsonb NOT NULL,
      terms_hash           text NOT NULL,
      deadline             timestamptz NOT NULL,
      extended             boolean NOT NULL,
      escalation_role      text NOT NULL,
      rule_keys            jsonb NOT NULL,
      parties              jsonb NOT NULL,
      reminder_offsets_ms  jsonb NOT NULL,
      reminders_sent       jsonb NOT NULL,
      escalations          jsonb NOT NULL,
      extension            jsonb,
      opened_at            timestamptz NOT NULL,
      closed_at            timestamptz,
      closed_by            text,
      revision             bigint NOT NULL,
      PRIMARY KEY (stream_id, sign_off_id)
    )`);
    // The escalation role's work list: expired rounds waiting for a decision.
    await queryRunner.query(
      `CREATE INDEX sign_off_rounds_escalation ON read_models.sign_off_rounds (escalation_role, deadline) WHERE status = 'expired'`,
    );
    await queryRunner.query(`CREATE TABLE read_models.sign_off_pending (
      stream_id         text NOT NULL,
      sign_off_id       text NOT NULL,
      party_id          text NOT NULL,
      round             integer NOT NULL,
      subject           text NOT NULL,
      role              text NOT NULL,
      user_id           text,
      delegate_user_id  text,
      actionable        boolean NOT NULL,
      overdue           boolean NOT NULL,
      deadline          timestamptz NOT NULL,
      PRIMARY KEY (stream_id, sign_off_id, party_id)
    )`);
    // One index per way a caller can hold a pending party (named, delegate, role-only).
    await queryRunner.query('CREATE INDEX sign_off_pending_user ON read_models.sign_off_pending (user_id) WHERE user_id IS NOT NULL');
    await queryRunner.query(
      'CREATE INDEX sign_off_pending_delegate ON read_models.sign_off_pending (delegate_user_id) WHERE delegate_user_id IS NOT NULL',
    );
    await queryRunner.query('CREATE INDEX sign_off_pending_role ON read_models.sign_off_pending (role) WHERE user_id IS NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE read_models.sign_off_pending');
    await queryRunner.query('DROP TABLE read_models.sign_off_rounds');
  }
}
