import { toDomainEvent } from '@chengguo/kernel';
import { EventStore, RecordedEvent } from '@chengguo/eventstore';
import { Reaction } from '@chengguo/temporal';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import {
  DISCLOSURE_DEADLINE_WORKFLOW_TYPE,
  disclosureDeadlineMetSignal,
  DisclosureDeadlineWorkflow,
  disclosureDeadlineWorkflowId,
} from '../../../../workflows/disclosure/disclosure-deadline.contract';
import { disclosurePolicyAt } from '../disclosure-policy.store';
import { CO_INVENTOR_CONFIRMATION, DISCLOSURE_STREAM_PREFIX, DisclosureDeadline, DisclosureEvent } from '../domain/disclosure.events';

const DAY = 24 * 60 * 60 * 1000;

async function startDeadline(
  temporal: Client,
  taskQueue: string,
  input: { disclosureId: string; deadline: DisclosureDeadline; dueAt: string; policyVersion: number },
): Promise<void> {
  try {
    await temporal.workflow.start<DisclosureDeadlineWorkflow>(DISCLOSURE_DEADLINE_WORKFLOW_TYPE, {
      workflowId: disclosureDeadlineWorkflowId(input.disclosureId, input.deadline),
      taskQueue,
      args: [input],
    });
  } catch (error) {
    // Redelivered event: the workflow (id derived from the stream) is already running or done.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

async function signalMet(temporal: Client, disclosureId: string, deadline: DisclosureDeadline, eventId: string): Promise<void> {
  try {
    await temporal.workflow
      .getHandle(disclosureDeadlineWorkflowId(disclosureId, deadline))
      .signal(disclosureDeadlineMetSignal, { eventId });
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error; // never started, or already finished
  }
}

const asEvent = (recorded: RecordedEvent) => toDomainEvent<DisclosureEvent>(recorded);

/**
 * The acknowledgement clock starts once every co-inventor confirmed (or at submission by a sole
 * inventor); its length is the acknowledgement days of the policy version in force at that moment.
 */
export function startAcknowledgementDeadline(taskQueue: string, store: EventStore): Reaction {
  return {
    name: 'start-acknowledgement-deadline-when-confirmed',
    eventTypes: ['DisclosureSubmitted', 'DisclosureAmended', 'SignOffRoundClosed'],
    async react(recorded, temporal) {
      if (!recorded.streamId.startsWith(DISCLOSURE_STREAM_PREFIX)) return;
      const event = asEvent(recorded);
      const disclosureId = recorded.streamId.slice(DISCLOSURE_STREAM_PREFIX.length);
      let from: string | null = null;
      if ((event.type === 'DisclosureSubmitted' || event.type === 'DisclosureAmended') && event.content.inventors.length === 1) {
        from = event.type === 'DisclosureSubmitted' ? event.submittedAt : event.amendedAt;
      } else if (event.type === 'SignOffRoundClosed' && event.signOffId === CO_INVENTOR_CONFIRMATION && event.outcome === 'signed') {
        from = event.closedAt;
      }
      if (!from) return;
      const policy = await disclosurePolicyAt(store, from);
      const dueAt = new Date(Date.parse(from) + policy.acknowledgementDays * DAY).toISOString();
      await startDeadline(temporal, taskQueue, { disclosureId, deadline: 'acknowledgement', dueAt, policyVersion: policy.version });
    },
  };
}

/** The evaluation clock (R2) starts with the assignment, which carries its due date and policy version. */
export function startEvaluationDeadline(taskQueue: string): Reaction {
  return {
    name: 'start-evaluation-deadline-when-assigned',
    eventTypes: ['EvaluatorAssigned'],
    async react(recorded, temporal) {
      const event = asEvent(recorded);
      if (event.type !== 'EvaluatorAssigned') return;
      await startDeadline(temporal, taskQueue, {
        disclosureId: event.disclosureId,
        deadline: 'evaluation',
        dueAt: event.dueAt,
        policyVersion: event.policyVersion,
      });
    },
  };
}

/** Tells a deadline its step happened; a withdrawal ends both. */
export const signalDisclosureDeadlinesMet: Reaction = {
  name: 'signal-disclosure-deadlines-met',
  eventTypes: ['DisclosureAcknowledged', 'EvaluationRecorded', 'DisclosureWithdrawn'],
  async react(recorded, temporal) {
    const event = asEvent(recorded);
    if (event.type === 'DisclosureAcknowledged') await signalMet(temporal, event.disclosureId, 'acknowledgement', recorded.eventId);
    if (event.type === 'EvaluationRecorded') await signalMet(temporal, event.disclosureId, 'evaluation', recorded.eventId);
    if (event.type === 'DisclosureWithdrawn') {
      await signalMet(temporal, event.disclosureId, 'acknowledgement', recorded.eventId);
      await signalMet(temporal, event.disclosureId, 'evaluation', recorded.eventId);
    }
  },
};
