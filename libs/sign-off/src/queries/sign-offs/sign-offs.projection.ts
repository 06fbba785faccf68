import { toDomainEvent } from '@chengguo/kernel';
import { RecordedEvent } from '@chengguo/eventstore';
import { PageUnitOfWork, Projection } from '@chengguo/read-models';
import { EntityManager } from 'typeorm';
import { SIGN_OFF_EVENT_TYPES, SignOffEvent } from '../../domain/sign-off.events';
import { SignOffPendingRow } from './sign-off-pending.entity';
import { SignOffRoundRow } from './sign-off-round.entity';
import { applyToRound, pendingRowsOf } from './sign-off-view';

/**
 * Sign-off rounds of every stream, and their pending parties. Both tables move in the projector's
 * transaction; the pending rows of a sign-off are recomputed from its round row on every change,
 * so they can never drift from it.
 */
export const signOffProjection: Projection = {
  name: 'sign-offs',
  tables: [SignOffRoundRow, SignOffPendingRow],
  eventTypes: SIGN_OFF_EVENT_TYPES,

  async prefetch(events: readonly RecordedEvent[], page: PageUnitOfWork): Promise<void> {
    await page.rows(SignOffRoundRow).load(events.map(keyOf));
  },

  async apply(recorded: RecordedEvent, page: PageUnitOfWork): Promise<void> {
    const event = toDomainEvent<SignOffEvent>(recorded);
    const key = keyOf(recorded);
    const rounds = page.rows(SignOffRoundRow);
    const next = applyToRound(await rounds.get(key), event, {
      streamId: recorded.streamId,
      revision: recorded.revision,
      occurredAt: recorded.metadata.occurredAt,
    });
    if (!next) return;
    rounds.put(next);
    const pending = page.rows(SignOffPendingRow);
    pending.deleteWhere(key);
    for (const row of pendingRowsOf(next)) pending.put(row);
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.sign_off_rounds, read_models.sign_off_pending');
  },
};

function keyOf(recorded: RecordedEvent): { streamId: string; signOffId: string } {
  return { streamId: recorded.streamId, signOffId: (recorded.data as { signOffId: string }).signOffId };
}
