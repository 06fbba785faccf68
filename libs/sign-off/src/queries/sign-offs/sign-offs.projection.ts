import { RecordedEvent } from '@chengguo/eventstore';
import { Projection } from '@chengguo/read-models';
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
  eventTypes: SIGN_OFF_EVENT_TYPES,

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    const event = { ...(recorded.data as object), type: recorded.type } as SignOffEvent;
    const key = { streamId: recorded.streamId, signOffId: event.signOffId };
    const current = await manager.getRepository(SignOffRoundRow).findOneBy(key);
    const next = applyToRound(current, event, {
      streamId: recorded.streamId,
      revision: recorded.revision,
      occurredAt: recorded.metadata.occurredAt,
    });
    if (!next) return;
    await manager.getRepository(SignOffRoundRow).upsert(next, ['streamId', 'signOffId']);
    await manager.getRepository(SignOffPendingRow).delete(key);
    const pending = pendingRowsOf(next);
    if (pending.length > 0) await manager.getRepository(SignOffPendingRow).insert(pending);
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.sign_off_rounds, read_models.sign_off_pending');
  },
};
