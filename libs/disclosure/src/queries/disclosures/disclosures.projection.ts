import { RecordedEvent } from '@chengguo/eventstore';
import { Projection } from '@chengguo/read-models';
import { EntityManager } from 'typeorm';
import { CO_INVENTOR_CONFIRMATION, DISCLOSURE_SCHEMA_VERSIONS, DISCLOSURE_STREAM_PREFIX, DisclosureEvent } from '../../domain/disclosure.events';
import { disclosureDecider } from '../../domain/disclosure.decider';
import { DisclosureRow } from './disclosure.entity';

/** Folds each disclosure stream with the decider's own `evolve` and keeps the listing columns beside it. */
export const disclosuresProjection: Projection = {
  name: 'disclosures',
  eventTypes: Object.keys(DISCLOSURE_SCHEMA_VERSIONS),

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    if (!recorded.streamId.startsWith(DISCLOSURE_STREAM_PREFIX)) return; // sign-offs of other processes
    const repository = manager.getRepository(DisclosureRow);
    const disclosureId = recorded.streamId.slice(DISCLOSURE_STREAM_PREFIX.length);
    const existing = await repository.findOneBy({ disclosureId });
    if (existing && Number(existing.revision) >= recorded.revision) return;
    const event = { ...(recorded.data as object), type: recorded.type } as DisclosureEvent;
    const state = disclosureDecider.evolve(existing?.state ?? disclosureDecider.initialState, event);
    if (!state.content || !state.disclosureId) return;
    const at = new Date(recorded.metadata.occurredAt);

    const row: DisclosureRow = existing ?? ({ draftedAt: at, overdue: false, overdueReasons: [] } as unknown as DisclosureRow);
    Object.assign(row, {
      disclosureId,
      title: state.content.title,
      technicalField: state.content.technicalField,
      confidentiality: state.content.confidentiality,
      supervisoryFilingRequired:
        state.content.confidentiality === 'state_secret' || state.content.involvesNationalSecurity || state.content.isKeyCoreTechnology,
      draftedBy: state.draftedBy,
      inventors: state.content.inventors,
      inventorIds: state.content.inventors.map((i) => i.userId),
      status: state.status,
      evaluatorId: state.evaluatorId,
      evaluationId: state.evaluationId,
      recommendation: state.recommendation,
      decision: state.decision,
      state,
      revision: String(recorded.revision),
      updatedAt: new Date(recorded.metadata.recordedAt),
    });
    switch (event.type) {
      case 'DisclosureSubmitted':
        row.submittedAt = new Date(event.submittedAt);
        break;
      case 'ClarificationRequested':
        row.openQuestion = event.question;
        break;
      case 'ClarificationProvided':
        row.openQuestion = null;
        break;
      case 'EvaluatorAssigned':
        row.dueAt = new Date(event.dueAt);
        break;
      case 'DisclosureDecided':
        row.decisionReasons = event.reasons;
        row.decidedBy = event.decidedBy;
        row.decidedAt = new Date(event.decidedAt);
        break;
      case 'DisclosureDeadlineMissed':
        row.overdueReasons = [...new Set([...row.overdueReasons, event.deadline])];
        break;
      case 'SignOffRoundOpened':
        if (event.signOffId === CO_INVENTOR_CONFIRMATION) row.dueAt = new Date(event.deadline);
        break;
      case 'SignOffRoundExpired':
        if (event.signOffId === CO_INVENTOR_CONFIRMATION) row.overdueReasons = [...new Set([...row.overdueReasons, 'confirmation'])];
        break;
      default:
        break;
    }
    // Overdue only while the step that was missed is still awaited.
    const stillOverdue = row.overdueReasons.filter(
      (r) =>
        (r === 'acknowledgement' && state.status === 'confirmed') ||
        (r === 'evaluation' && state.status === 'under_evaluation') ||
        (r === 'confirmation' && state.status === 'awaiting_confirmation'),
    );
    row.overdueReasons = stillOverdue;
    row.overdue = stillOverdue.length > 0;
    await repository.save(row);
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.disclosures');
  },
};
