import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A round's read facts (confidentiality follows the achievement): the achievement it concerns, so
 * the read policy applies that achievement's classification, and the users conflicted in it (R4,
 * R13), whom the to-sign list leaves out. Both come from `SignOffRoundOpened`, so the read model is
 * emptied and its checkpoint removed: the projector rebuilds it from the events, which stay as written.
 */
export class SignOffReadFacts1764000003000 implements MigrationInterface {
  name = 'SignOffReadFacts1764000003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('TRUNCATE read_models.sign_off_rounds, read_models.sign_off_pending');
    await queryRunner.query(`ALTER TABLE read_models.sign_off_rounds
      ADD COLUMN achievement_id      text,
      ADD COLUMN conflicted_user_ids jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query("DELETE FROM read_models.subscription_checkpoints WHERE subscriber = 'projector:sign-offs'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('TRUNCATE read_models.sign_off_rounds, read_models.sign_off_pending');
    await queryRunner.query('ALTER TABLE read_models.sign_off_rounds DROP COLUMN achievement_id, DROP COLUMN conflicted_user_ids');
    await queryRunner.query("DELETE FROM read_models.subscription_checkpoints WHERE subscriber = 'projector:sign-offs'");
  }
}
