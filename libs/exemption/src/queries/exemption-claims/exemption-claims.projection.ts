import { toDomainEvent } from '@chengguo/kernel';
import { RecordedEvent } from '@chengguo/eventstore';
import { PageUnitOfWork, Projection } from '@chengguo/read-models';
import { EntityManager } from 'typeorm';
import { exemptionClaimDecider, failedFindings } from '../../domain/exemption-claim.decider';
import { EXEMPTION_CLAIM_PREFIX, EXEMPTION_CLAIM_SCHEMA_VERSIONS, ExemptionClaimEvent } from '../../domain/exemption.events';
import { ExemptionClaimByDecisionMakerRow, ExemptionClaimRow } from './exemption-claim.entities';

/** Claims by status and each decision-maker's history, folded with the claim decider's own `evolve`. */
export const exemptionClaimsProjection: Projection = {
  name: 'exemption-claims',
  tables: [ExemptionClaimRow, ExemptionClaimByDecisionMakerRow],
  eventTypes: Object.keys(EXEMPTION_CLAIM_SCHEMA_VERSIONS),

  async prefetch(events: readonly RecordedEvent[], page: PageUnitOfWork): Promise<void> {
    const ids = events.map(claimIdOf).filter((id): id is string => id !== null);
    await page.rows(ExemptionClaimRow).load(ids.map((claimId) => ({ claimId })));
  },

  async apply(recorded: RecordedEvent, page: PageUnitOfWork): Promise<void> {
    const claimId = claimIdOf(recorded);
    if (!claimId) return;
    const claims = page.rows(ExemptionClaimRow);
    const existing = await claims.get({ claimId });
    if (existing && Number(existing.revision) >= recorded.revision) return;
    const event = toDomainEvent<ExemptionClaimEvent>(recorded);
    const state = exemptionClaimDecider.evolve(existing?.state ?? exemptionClaimDecider.initialState, event);
    if (!state.subject) return;
    const row = existing ?? ({ outcomeReasons: null, concludedAt: null } as ExemptionClaimRow);
    if (event.type === 'ExemptionClaimFiled') {
      Object.assign(row, {
        description: event.description,
        assertion: event.assertion,
        filedBy: event.filedBy,
        filedAt: new Date(event.filedAt),
      });
    }
    if (event.type === 'ExemptionGranted' || event.type === 'ExemptionDenied') {
      row.outcomeReasons = event.reasons;
      row.concludedAt = new Date(event.type === 'ExemptionGranted' ? event.grantedAt : event.deniedAt);
    }
    const failed = failedFindings(state.findings);
    Object.assign(row, {
      claimId,
      status: state.status,
      subjectKind: state.subject.kind,
      subjectStreamId: state.subject.streamId,
      subjectEventId: state.subject.eventId,
      lossFen: String(state.lossOrValueChangeFen),
      decisionMakers: state.decisionMakers,
      findings: state.findings,
      failedFindings: failed,
      overrides: state.overrides,
      excludedFromStateAssetAssessment: state.outcome?.excludedFromStateAssetPreservationAssessment ?? false,
      state,
      revision: String(recorded.revision),
      updatedAt: new Date(recorded.metadata.recordedAt),
    });
    claims.put(row);

    // A claim's decision-makers are replaced as a set.
    const byMaker = page.rows(ExemptionClaimByDecisionMakerRow);
    byMaker.deleteWhere({ claimId });
    for (const m of state.decisionMakers) {
      byMaker.put({
        userId: m.userId,
        claimId,
        name: m.name,
        sources: m.sources,
        status: state.status,
        subjectKind: row.subjectKind,
        subjectStreamId: row.subjectStreamId,
        subjectEventId: row.subjectEventId,
        lossFen: row.lossFen,
        failedFindings: failed,
        filedAt: row.filedAt,
        concludedAt: row.concludedAt,
        revision: row.revision,
      });
    }
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.exemption_claims, read_models.exemption_claims_by_decision_maker');
  },
};

function claimIdOf(recorded: RecordedEvent): string | null {
  return recorded.streamId.startsWith(EXEMPTION_CLAIM_PREFIX) ? recorded.streamId.slice(EXEMPTION_CLAIM_PREFIX.length) : null;
}
