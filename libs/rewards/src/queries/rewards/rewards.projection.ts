import { RecordedEvent } from '@chengguo/eventstore';
import { toDomainEvent } from '@chengguo/kernel';
import { PageUnitOfWork, Projection } from '@chengguo/read-models';
import { SIGN_OFF_EVENT_TYPES } from '@chengguo/sign-off/domain';
import { EntityManager } from 'typeorm';
import { rewardDistributionDecider } from '../../domain/reward-distribution.decider';
import { distributionIdOfStream, REWARD_DISTRIBUTION_EVENT_TYPES, RewardDistributionEvent } from '../../domain/reward-distribution.events';
import { RewardDistributionRow, RewardPaymentRow } from './reward.entities';

/** Folds each distribution stream with the decider's own `evolve` (sign-off events included), and lists payments. */
export const rewardsProjection: Projection = {
  name: 'rewards',
  tables: [RewardDistributionRow, RewardPaymentRow],
  eventTypes: [...REWARD_DISTRIBUTION_EVENT_TYPES, ...SIGN_OFF_EVENT_TYPES],

  async prefetch(events: readonly RecordedEvent[], page: PageUnitOfWork): Promise<void> {
    const ids = events.map((e) => distributionIdOfStream(e.streamId)).filter((id): id is string => id !== null);
    await page.rows(RewardDistributionRow).load(ids.map((distributionId) => ({ distributionId })));
  },

  async apply(recorded: RecordedEvent, page: PageUnitOfWork): Promise<void> {
    const distributionId = distributionIdOfStream(recorded.streamId);
    if (!distributionId) return;
    const rows = page.rows(RewardDistributionRow);
    const existing = await rows.get({ distributionId });
    if (existing && Number(existing.revision) >= recorded.revision) return; // already applied (replayed page)
    const event = toDomainEvent<RewardDistributionEvent>(recorded);
    if (!existing && event.type !== 'RewardDistributionComputed') return; // nothing computed: nothing to show
    const state = rewardDistributionDecider.evolve(existing?.state ?? rewardDistributionDecider.initialState, event);
    const computed = event.type === 'RewardDistributionComputed' ? event : (existing as RewardDistributionRow).computed;
    rows.put({
      distributionId,
      achievementId: computed.achievementId,
      year: computed.year,
      status: state.status,
      contributorIds: computed.contributors.map((c) => c.userId),
      computed,
      state,
      announcedAt: event.type === 'RewardDistributionAnnounced' ? new Date(event.announcedAt) : (existing?.announcedAt ?? null),
      announcementEndsAt: event.type === 'RewardDistributionAnnounced' ? new Date(event.endsAt) : (existing?.announcementEndsAt ?? null),
      includesPrincipalLeader: computed.contributors.some((c) => c.principalLeader),
      revision: String(recorded.revision),
      updatedAt: new Date(recorded.metadata.recordedAt),
    });
    if (event.type === 'RewardPaid') {
      page.rows(RewardPaymentRow).put({
        eventId: recorded.eventId,
        distributionId,
        achievementId: computed.achievementId,
        userId: event.userId,
        name: event.name,
        cashFen: String(event.cashFen),
        equityFen: String(event.equityFen),
        principalLeader: event.principalLeader,
        tax: event.tax,
        paidOn: event.paidOn,
        month: event.paidOn.slice(0, 7),
        paymentReference: event.paymentReference,
      });
    }
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.reward_distributions, read_models.reward_payments');
  },
};
