import { deterministicUuid, EventStore, RecordedEvent, runProcessCommand } from '@chengguo/eventstore';
import { incomeLedgerCommands } from '@chengguo/income-ledger';
import { isRuleViolation, toDomainEvent } from '@chengguo/kernel';
import { Reaction } from '@chengguo/temporal';
import { caseIdOfStream } from '@chengguo/transfer-publicity/domain';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import {
  LICENCE_TERM_WORKFLOW_TYPE,
  licenceRecordChangedSignal,
  LicenceTermWorkflow,
  licenceTermWorkflowId,
} from '../../../../workflows/licensing/licence-term.contract';
import { licenceCommands } from '../commands/licensing.commands';
import { LICENCE_OWN_EVENT_TYPES, LicenceEvent, licenceIdOfStream, licenceStreamId } from '../domain/licence.events';

/**
 * Do-x-when-y for licences. Processes meet through events: the case's execution makes its licence
 * take effect; a licence in effect gets its term workflow; every change of a licence signals it; a
 * payment received is entered in the achievement's income ledger. Delivery is at least once: every
 * command id derives from the source event id, so a redelivery appends nothing twice.
 */

const LICENSING_ACTOR = { userId: 'system:licensing', role: 'system' };

const contextOf = (recorded: RecordedEvent, commandId: string) => ({
  commandId,
  actor: LICENSING_ACTOR,
  correlationId: recorded.metadata.correlationId,
  causationId: recorded.eventId,
  occurredAt: recorded.metadata.occurredAt,
});

/** R5, R8: a licence takes effect when the case that priced it is executed (the licence id is the case id). */
export function takeEffectWhenCaseExecuted(store: EventStore): Reaction {
  return {
    name: 'licence-takes-effect-when-case-executed',
    eventTypes: ['TransferExecuted'],
    async react(recorded) {
      const caseId = caseIdOfStream(recorded.streamId);
      if (!caseId) return;
      // Most cases price no licence (or not yet: then recording it later finds the case executed).
      const [opening] = await store.readStream(licenceStreamId(caseId), { maxCount: 1 });
      if (!opening) return;
      const outcome = await runProcessCommand(
        store,
        licenceCommands,
        caseId,
        { type: 'TakeEffect', licenceId: caseId },
        contextOf(recorded, `licence-effect:${recorded.eventId}`),
      );
      if (isRuleViolation(outcome)) throw new Error(`${licenceStreamId(caseId)}: ${outcome.code} ${outcome.detail}`);
    },
  };
}

/**
 * R8, R14: every payment received from a licensee is income of the achievement (source `license`,
 * under the case that priced the licence, which the register links to the achievement). The receipt
 * id derives from the payment event. A refusal (which would be a defect or a register change) is
 * noted on the licence instead of stalling every process's reactions.
 */
export function ledgerLicencePayments(store: EventStore): Reaction {
  return {
    name: 'ledger-licence-payments',
    eventTypes: ['LicencePaymentReceived'],
    async react(recorded) {
      const licenceId = licenceIdOfStream(recorded.streamId);
      const event = toDomainEvent<LicenceEvent>(recorded);
      if (!licenceId || event.type !== 'LicencePaymentReceived') return;
      const outcome = await runProcessCommand(
        store,
        incomeLedgerCommands,
        event.achievementId,
        {
          type: 'RecordIncome',
          achievementId: event.achievementId,
          receiptId: deterministicUuid('licence-payment', recorded.eventId),
          source: 'license',
          form: 'cash',
          amountFen: event.amountFen,
          receivedOn: event.receivedOn,
          payer: event.payer,
          invoiceNumber: null,
          contractReference: event.caseId,
          evidence: {
            summary: `许可费 / licence payment ${event.itemKey}: ${event.evidence.summary}`,
            documentSha256: event.evidence.documentSha256,
          },
        },
        contextOf(recorded, `income:${recorded.eventId}`),
      );
      // Recorded by an earlier delivery: the receipt id is this payment's.
      if (!isRuleViolation(outcome) || outcome.code === 'INCOME_ENTRY_EXISTS') return;
      const noted = await runProcessCommand(
        store,
        licenceCommands,
        licenceId,
        { type: 'NotePaymentNotLedgered', licenceId, paymentId: event.paymentId, code: outcome.code, detail: outcome.detail },
        contextOf(recorded, `licence-not-ledgered:${recorded.eventId}`),
      );
      if (isRuleViolation(noted)) throw new Error(`${recorded.streamId}: could not note ${outcome.code}: ${noted.code}`);
    },
  };
}

/** A licence in effect gets its term workflow (id from the stream: a redelivery finds the same one). */
export function startLicenceTermWorkflow(taskQueue: string): Reaction {
  return {
    name: 'start-licence-term-workflow-when-in-effect',
    eventTypes: ['LicenceTookEffect'],
    async react(recorded, temporal) {
      const licenceId = licenceIdOfStream(recorded.streamId);
      if (!licenceId) return;
      try {
        await temporal.workflow.start<LicenceTermWorkflow>(LICENCE_TERM_WORKFLOW_TYPE, {
          workflowId: licenceTermWorkflowId(recorded.streamId),
          taskQueue,
          args: [{ streamId: recorded.streamId, licenceId }],
          memo: { streamId: recorded.streamId, causationEventId: recorded.eventId },
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    },
  };
}

/** What changes what the licence owes (a report, a payment, a conversion, a termination round): the workflow loads it again. */
export const signalLicenceTermWorkflow: Reaction = {
  name: 'signal-licence-term-workflow-when-the-licence-changes',
  eventTypes: [...LICENCE_OWN_EVENT_TYPES.filter((t) => t !== 'LicenceRecorded' && t !== 'LicenceTookEffect'), 'SignOffRoundClosed'],
  async react(recorded, temporal) {
    if (!licenceIdOfStream(recorded.streamId)) return;
    try {
      await temporal.workflow
        .getHandle(licenceTermWorkflowId(recorded.streamId))
        .signal(licenceRecordChangedSignal, { eventId: recorded.eventId, type: recorded.type });
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error; // not in effect yet, or already ended
    }
  },
};

export function licensingReactions(store: EventStore, taskQueue: string): Reaction[] {
  return [takeEffectWhenCaseExecuted(store), ledgerLicencePayments(store), startLicenceTermWorkflow(taskQueue), signalLicenceTermWorkflow];
}
