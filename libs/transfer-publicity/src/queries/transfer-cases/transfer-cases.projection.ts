import { toDomainEvent } from '@chengguo/kernel';
import { RecordedEvent } from '@chengguo/eventstore';
import { PageUnitOfWork, Projection } from '@chengguo/read-models';
import { SIGN_OFF_EVENT_TYPES } from '@chengguo/sign-off';
import { EntityManager } from 'typeorm';
import { OpenedCase, statusOf, transferCaseDecider, TransferCaseState } from '../../domain/transfer-case.decider';
import { APPROVAL_SIGN_OFF_ID, caseIdOfStream, TRANSFER_CASE_OWN_EVENT_TYPES, TransferCaseEvent } from '../../domain/transfer-case.events';
import { TransferCaseRow } from './transfer-case.entity';

/**
 * Transfer cases by status. The row keeps the case decider's folded state and recomputes every
 * column from it, so the status shown is exactly the status the decider acts on.
 */
export const transferCasesProjection: Projection = {
  name: 'transfer-cases',
  tables: [TransferCaseRow],
  eventTypes: [...TRANSFER_CASE_OWN_EVENT_TYPES, ...SIGN_OFF_EVENT_TYPES],

  async prefetch(events: readonly RecordedEvent[], page: PageUnitOfWork): Promise<void> {
    const caseIds = events.map((e) => caseIdOfStream(e.streamId)).filter((id): id is string => Boolean(id));
    await page.rows(TransferCaseRow).load(caseIds.map((caseId) => ({ caseId })));
  },

  async apply(recorded: RecordedEvent, page: PageUnitOfWork): Promise<void> {
    const caseId = caseIdOfStream(recorded.streamId);
    if (!caseId) return; // a sign-off of another process
    const cases = page.rows(TransferCaseRow);
    const current = await cases.get({ caseId });
    const event = toDomainEvent<TransferCaseEvent>(recorded);
    const state = transferCaseDecider.evolve(current?.state ?? transferCaseDecider.initialState, event);
    if (!state.exists) return;
    // Every column is recomputed; only the opening's columns (opened by/at) carry over.
    cases.put({ ...current, ...rowOf(state, recorded) } as TransferCaseRow);
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.transfer_cases');
  },
};

function rowOf(state: OpenedCase, recorded: RecordedEvent): Partial<TransferCaseRow> & { state: TransferCaseState } {
  const approval = state.signOffs[APPROVAL_SIGN_OFF_ID];
  const opened = recorded.type === 'TransferCaseOpened' ? (recorded.data as { openedBy: string; openedAt: string }) : null;
  return {
    caseId: state.caseId,
    achievementKind: state.achievement.kind,
    achievementId: state.achievement.id,
    achievementName: state.achievement.name,
    mode: state.mode.kind,
    licenseExclusivity: state.mode.kind === 'license' ? state.mode.exclusivity : null,
    pricingMethod: state.pricingMethod,
    counterparty: state.counterparty,
    priceFen: String(state.priceFen),
    status: statusOf(state),
    supervisoryFilingRequired: state.supervisoryFilingRequired,
    supervisoryFilingNumber: state.supervisoryFiling?.filingNumber ?? null,
    publicityRound: state.publicity?.round ?? null,
    publicityPeriodEndsAt: state.publicity ? new Date(state.publicity.periodEndsAt) : null,
    market: state.market as Record<string, unknown> | null,
    approvalTermsHash: approval?.termsHash ?? null,
    approvalOutcome: approval ? (approval.status === 'closed' ? approval.outcome : approval.status) : null,
    registrationNumber: state.registration?.registrationNumber ?? null,
    registeredOn: state.registration?.registeredOn ?? null,
    executedAt: state.executed ? new Date(state.executed.executedAt) : null,
    rewardEligible: state.executed ? state.executed.rewardEligible : null,
    flags: state.executed && !state.executed.rewardEligible ? ['R8_NOT_ELIGIBLE_FOR_REWARDS'] : [],
    ...(opened ? { openedBy: opened.openedBy, openedAt: new Date(opened.openedAt) } : {}),
    updatedAt: new Date(recorded.metadata.occurredAt),
    state,
    revision: String(recorded.revision),
  };
}
