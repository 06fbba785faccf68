import { EventStore, RecordedEvent } from '@chengguo/eventstore';
import { computeFindings, History, HistoryAssessment, HistoryEvent, relatedStreams } from './domain/exemption-findings';
import { DecisionMaker, ExemptionSubject } from './domain/exemption.events';
import {
  EXEMPTION_LISTS_STREAM,
  exemptionListsDecider,
  ExemptionLists,
  ExemptionListsPublished,
  ExemptionListsState,
  listsInEffect,
} from './domain/exemption-lists';

const asHistoryEvent = (e: RecordedEvent): HistoryEvent => ({
  streamId: e.streamId,
  revision: e.revision,
  eventId: e.eventId,
  type: e.type,
  data: e.data,
  recordedAt: e.metadata.recordedAt,
});

/** Reads the subject's stream and the streams it involves, then recomputes the findings (never trusting the claimant). */
export async function assessSubject(
  store: EventStore,
  subject: ExemptionSubject,
  decisionMakers: DecisionMaker[],
): Promise<HistoryAssessment> {
  const own = (await store.readStream(subject.streamId)).map(asHistoryEvent);
  const history: History = { [subject.streamId]: own };
  for (const streamId of relatedStreams(subject, own)) {
    if (!(streamId in history)) history[streamId] = (await store.readStream(streamId)).map(asHistoryEvent);
  }
  return computeFindings(subject, decisionMakers, history);
}

/** All published versions of the exemption lists, oldest first. */
export async function loadExemptionLists(store: EventStore): Promise<ExemptionListsState> {
  const events = await store.readStream(EXEMPTION_LISTS_STREAM);
  return events.reduce(
    (state, e) => exemptionListsDecider.evolve(state, { ...(e.data as object), type: e.type } as ExemptionListsPublished),
    exemptionListsDecider.initialState,
  );
}

export async function exemptionListsAt(store: EventStore, at: string): Promise<ExemptionLists> {
  return listsInEffect(await loadExemptionLists(store), at);
}
