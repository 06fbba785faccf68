import { toDomainEvent } from '@chengguo/kernel';
import { RecordedEvent } from '@chengguo/eventstore';
import { PageUnitOfWork, Projection } from '@chengguo/read-models';
import { EntityManager } from 'typeorm';
import {
  CO_INVENTOR_CONFIRMATION,
  DISCLOSURE_SCHEMA_VERSIONS,
  DISCLOSURE_STREAM_PREFIX,
  DisclosureEvent,
} from '../../domain/disclosure.events';
import { disclosureDecider } from '../../domain/disclosure.decider';
import { DisclosureRow } from './disclosure.entity';

const disclosureIdOf = (recorded: RecordedEvent): string | null =>
  recorded.streamId.startsWith(DISCLOSURE_STREAM_PREFIX) ? recorded.streamId.slice(DISCLOSURE_STREAM_PREFIX.length) : null; // else: a sign-off of another process

/** Folds each disclosure stream with the decider's own `evolve` and keeps the listing columns beside it. */
export const disclosuresProjection: Projection = {
  name: 'disclosures',
  tables: [DisclosureRow],
  eventTypes: Object.keys(DISCLOSURE_SCHEMA_VERSIONS),

  async prefetch(events: readonly RecordedEvent[], page: PageUnitOfWork): Promise<void> {
    const ids = events.map(disclosureIdOf).filter((id): id is string => id !== null);
    await page.rows(DisclosureRow).load(ids.map((disclosureId) => ({ disclosureId })));
  },

  async apply(recorded: RecordedEvent, page: PageUnitOfWork): Promise<void> {
    const disclosureId = disclosureIdOf(recorded);
    if (!disclosureId) return;
    const rows = page.rows(DisclosureRow);
    const existing = await rows.get({ disclosureId });
    if (existing && Number(existing.revision) >= recorded.revision) return;
    const event = toDomainEvent<DisclosureEvent>(recorded);
    const state = disclosureDecider.evolve(existing?.state ?? disclosureDecider.initialState, event);
    if (!state.content || !state.disclosureId) return;

    const row: DisclosureRow =
      existing ?? ({ draftedAt: new Date(recorded.metadata.occurredAt), overdue: false, overdueReasons: [] } as unknown as DisclosureRow);
    // Assigned one by one: no object literal per event merged in by Object.assign (a rebuild folds millions).
    const content = state.content;
    row.disclosureId = disclosureId;
    row.title = content.title;
    row.technicalField = content.technicalField;
    row.confidentiality = content.confidentiality;
    row.supervisoryFilingRequired =
      content.confidentiality === 'state_secret' || content.involvesNationalSecurity || content.isKeyCoreTechnology;
    row.draftedBy = state.draftedBy as string; // set with the content (DisclosureDrafted)
    row.inventors = content.inventors;
    row.inventorIds = content.inventors.map((i) => i.userId);
    row.status = state.status;
    row.evaluatorId = state.evaluatorId;
    row.evaluationId = state.evaluationId;
    row.recommendation = state.recommendation;
    row.decision = state.decision;
    row.state = state;
    row.revision = String(recorded.revision);
    row.updatedAt = new Date(recorded.metadata.recordedAt);
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
        row.decisionEventId = recorded.eventId;
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
    rows.put(row);
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.disclosures');
  },
};
