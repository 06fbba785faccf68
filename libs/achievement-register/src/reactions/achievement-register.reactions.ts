import {
  ABANDONMENT_CONTRACT_PREFIX,
  AbandonmentContractEvent,
  abandonmentContractDecider,
  CONTRACT_SIGNATURE,
} from '@chengguo/abandonment-contract/domain';
import { DISCLOSURE_STREAM_PREFIX, DisclosureContent, DisclosureEvent } from '@chengguo/disclosure/domain';
import { EQUITY_INVESTMENT_STREAM_PREFIX, EquityInvestmentEvent } from '@chengguo/equity-investment/domain';
import { EventStore, handleCommand, RecordedEvent } from '@chengguo/eventstore';
import { Decider, isRuleViolation, shanghaiDate, toDomainEvent } from '@chengguo/kernel';
import {
  LICENCE_STREAM_PREFIX,
  LICENCE_TERMINATION_SIGN_OFF,
  licenceDecider,
  LicenceEvent,
  licenceStatusOf,
} from '@chengguo/licensing/domain';
import {
  OWNERSHIP_AGREEMENT_SIGNATURE,
  OWNERSHIP_AGREEMENT_STREAM_PREFIX,
  OwnershipAgreementEvent,
  ownershipAgreementDecider,
} from '@chengguo/ownership-pilot/domain';
import { Reaction } from '@chengguo/temporal';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import {
  ANNUITY_WORKFLOW_TYPE,
  annuityRecordChangedSignal,
  AnnuityWorkflow,
  annuityWorkflowId,
} from '../../../../workflows/achievement-register/annuity.contract';
import { achievementRegisterCommands } from '../commands/achievement-register.commands';
import { TRANSFER_CASE_STREAM_PREFIX, TransferCaseEvent, transferCaseDecider } from '@chengguo/transfer-publicity/domain';
import {
  ACHIEVEMENT_SCHEMA_VERSIONS,
  AchievementClassification,
  AchievementCommand,
  achievementDecider,
  achievementIdOfDisclosure,
  AchievementEvent,
  achievementIdOfStream,
  achievementStreamId,
  ProcessEventSource,
  RIGHT_LAPSE_SIGN_OFF,
  TransformationOutcome,
} from '../domain';

/**
 * Do-x-when-y, for the register (R12): a committed event of another process becomes a register
 * command on `achievement-<id>`, citing that event as its provenance. Facts come from the events
 * themselves (and, where an event alone does not carry them, from its own stream folded up to it),
 * never from a read model.
 *
 * The dispatcher delivers at least once. A retry is harmless twice over: the command id derives
 * from the source event id (`register:<eventId>`), so the events a retry decides have the same ids;
 * and the register's decider decides nothing for a source event it already recorded.
 *
 * A fact the register refuses (e.g. a case opened, before the register existed, on rights the
 * inventors hold) cannot be undone here, and throwing would stall the dispatcher for every process
 * on a refusal that never changes. The refusal is recorded instead, as an irregularity under its
 * rule code, on the same achievement's stream.
 */

const REGISTER_ACTOR = { userId: 'system:achievement-register', role: 'system' };

const sourceOf = (recorded: RecordedEvent): ProcessEventSource => ({
  kind: 'process_event',
  streamId: recorded.streamId,
  eventId: recorded.eventId,
  eventType: recorded.type,
});

async function recordInRegister(
  store: EventStore,
  recorded: RecordedEvent,
  achievementId: string,
  command: AchievementCommand,
): Promise<void> {
  const outcome = await handleCommand(
    store,
    achievementStreamId(achievementId),
    achievementDecider,
    command,
    registerContext(recorded, `register:${recorded.eventId}`),
    ACHIEVEMENT_SCHEMA_VERSIONS,
    achievementRegisterCommands.achievement,
  );
  if (!isRuleViolation(outcome)) return;
  await noteRegisterIrregularity(store, recorded, achievementId, outcome);
}

const registerContext = (recorded: RecordedEvent, commandId: string) => ({
  commandId,
  actor: REGISTER_ACTOR,
  correlationId: recorded.metadata.correlationId,
  causationId: recorded.eventId,
  occurredAt: recorded.metadata.occurredAt,
});

/**
 * A process event whose consequence was refused (by the register, or by another stream a reaction
 * wrote to) is recorded as an irregularity under the refusal's rule code on the achievement's
 * stream, citing the event, instead of stalling the dispatcher on a refusal that never changes.
 */
export async function noteRegisterIrregularity(
  store: EventStore,
  recorded: RecordedEvent,
  achievementId: string,
  refusal: { code: string; detail: string },
): Promise<void> {
  const noted = await handleCommand(
    store,
    achievementStreamId(achievementId),
    achievementDecider,
    {
      type: 'NoteIrregularity',
      achievementId,
      code: refusal.code,
      detail: refusal.detail,
      notedAt: recorded.metadata.occurredAt,
      source: sourceOf(recorded),
    },
    registerContext(recorded, `register-irregularity:${recorded.eventId}`),
    ACHIEVEMENT_SCHEMA_VERSIONS,
    achievementRegisterCommands.achievement,
  );
  if (isRuleViolation(noted)) throw new Error(`register refused to note ${refusal.code} for ${recorded.eventId}: ${noted.code}`);
}

/** A process's stream folded up to and including `recorded`: what its own events say at that moment. */
async function stateAt<C, E extends { type: string }, S>(
  store: EventStore,
  recorded: RecordedEvent,
  decider: Decider<C, E, S>,
): Promise<S> {
  const events = await store.readStream(recorded.streamId, { maxCount: recorded.revision + 1 });
  return events.reduce((state, event) => decider.evolve(state, toDomainEvent<E>(event)), decider.initialState);
}

const classificationOf = (content: DisclosureContent): AchievementClassification => ({
  confidentiality: content.confidentiality,
  nationalSecurity: content.involvesNationalSecurity,
  keyCoreTechnology: content.isKeyCoreTechnology,
});

/** R1, R2: submission registers the achievement; amendment, evaluation, decision and withdrawal follow it. */
export function registerDisclosureFacts(store: EventStore): Reaction {
  return {
    name: 'register-achievement-from-disclosure',
    eventTypes: ['DisclosureSubmitted', 'DisclosureAmended', 'EvaluatorAssigned', 'DisclosureDecided', 'DisclosureWithdrawn'],
    async react(recorded) {
      if (!recorded.streamId.startsWith(DISCLOSURE_STREAM_PREFIX)) return;
      const achievementId = achievementIdOfDisclosure(recorded.streamId.slice(DISCLOSURE_STREAM_PREFIX.length));
      const source = sourceOf(recorded);
      const event = toDomainEvent<DisclosureEvent>(recorded);
      let command: AchievementCommand;
      switch (event.type) {
        case 'DisclosureSubmitted':
          command = {
            type: 'RegisterDisclosedAchievement',
            disclosureId: event.disclosureId,
            title: event.content.title,
            inventors: event.content.inventors,
            classification: classificationOf(event.content),
            submittedBy: event.submittedBy,
            submittedAt: event.submittedAt,
            source,
          };
          break;
        case 'DisclosureAmended':
          command = {
            type: 'AmendDisclosedParticulars',
            title: event.content.title,
            inventors: event.content.inventors,
            classification: classificationOf(event.content),
            amendedAt: event.amendedAt,
            source,
          };
          break;
        case 'EvaluatorAssigned':
          command = { type: 'RecordEvaluationStarted', startedAt: event.assignedAt, source };
          break;
        case 'DisclosureDecided':
          command = {
            type: 'RecordFilingDecision',
            decision: event.decision,
            decidedBy: event.decidedBy,
            decidedAt: event.decidedAt,
            source,
          };
          break;
        case 'DisclosureWithdrawn':
          command = { type: 'RecordWithdrawn', reason: event.reason, now: event.withdrawnAt, from: source };
          break;
        default:
          return;
      }
      await recordInRegister(store, recorded, achievementId, command);
    },
  };
}

/** R3: an executed contract gives the rights to the inventors; the filing and grant they report are the achievement's rights. */
export function registerAbandonmentContractFacts(store: EventStore): Reaction {
  return {
    name: 'register-achievement-from-abandonment-contract',
    eventTypes: ['SignOffRoundClosed', 'PatentApplicationFiled', 'PatentGranted'],
    async react(recorded) {
      if (!recorded.streamId.startsWith(ABANDONMENT_CONTRACT_PREFIX)) return;
      // One contract per disclosure: the contract stream is named after the disclosure.
      const achievementId = achievementIdOfDisclosure(recorded.streamId.slice(ABANDONMENT_CONTRACT_PREFIX.length));
      const source = sourceOf(recorded);
      const event = toDomainEvent<AbandonmentContractEvent>(recorded);
      let command: AchievementCommand;
      switch (event.type) {
        case 'SignOffRoundClosed': {
          if (event.signOffId !== CONTRACT_SIGNATURE || event.outcome !== 'signed') return;
          // The closing event names no parties: the inventors are those of the terms everyone signed.
          const contract = await stateAt(store, recorded, abandonmentContractDecider);
          if (!contract.terms || !contract.contractId) throw new Error(`${recorded.streamId}: a signed contract without terms`);
          command = {
            type: 'RecordOwnershipToInventors',
            contractId: contract.contractId,
            inventorUserIds: contract.terms.inventors.map((i) => i.userId),
            executedAt: event.closedAt,
            source,
          };
          break;
        }
        case 'PatentApplicationFiled':
          command = {
            type: 'RecordPatentApplication',
            patentKind: null,
            applicationNumber: event.applicationNumber,
            filingDate: event.filedOn,
            now: recorded.metadata.occurredAt,
            from: source,
          };
          break;
        case 'PatentGranted':
          command = {
            type: 'RecordPatentGrant',
            patentNumber: event.patentNumber,
            grantDate: event.grantedOn,
            now: recorded.metadata.occurredAt,
            from: source,
          };
          break;
        default:
          return;
      }
      await recordInRegister(store, recorded, achievementId, command);
    },
  };
}

const OUTCOME: Record<'transfer' | 'license' | 'equity_investment', TransformationOutcome> = {
  transfer: 'transferred',
  license: 'licensed',
  equity_investment: 'invested',
};

/**
 * The achievement a case is about: the register id it names (cases opened through the register, v2),
 * else the disclosure id of an older case (= its achievement id); an old case that named only a patent
 * number cannot be joined to an achievement from the record.
 */
function achievementOfCase(caseAchievementId: string | null, achievement: { kind: string; id: string }): string | null {
  if (caseAchievementId) return caseAchievementId;
  return achievement.kind === 'disclosure' ? achievementIdOfDisclosure(achievement.id) : null;
}

/**
 * R5: a transfer case opened on an achievement is a transformation case on it; its execution
 * transfers, licenses or invests it — whether the achievement was disclosed or registered by the TTO.
 */
export function registerTransferCaseFacts(store: EventStore): Reaction {
  return {
    name: 'register-achievement-from-transfer-case',
    eventTypes: ['TransferCaseOpened', 'TransferExecuted'],
    async react(recorded) {
      if (!recorded.streamId.startsWith(TRANSFER_CASE_STREAM_PREFIX)) return;
      const source = sourceOf(recorded);
      const event = toDomainEvent<TransferCaseEvent>(recorded);
      if (event.type === 'TransferCaseOpened') {
        const achievementId = achievementOfCase(event.achievementId, event.achievement);
        if (!achievementId) return;
        await recordInRegister(store, recorded, achievementId, {
          type: 'RecordTransformationCaseOpened',
          caseId: event.caseId,
          mode: event.mode.kind,
          openedBy: event.openedBy,
          openedAt: event.openedAt,
          source,
        });
      } else if (event.type === 'TransferExecuted') {
        // The execution names neither the achievement nor the counterparty: the case's own stream does.
        const transferCase = await stateAt(store, recorded, transferCaseDecider);
        if (!transferCase.exists) throw new Error(`${recorded.streamId}: an executed case that never opened`);
        const achievementId = achievementOfCase(transferCase.achievementId, transferCase.achievement);
        if (!achievementId) return;
        const counterparty = transferCase.market?.counterparty ?? transferCase.counterparty;
        await recordInRegister(store, recorded, achievementId, {
          type: 'RecordTransformationCaseClosed',
          caseId: event.caseId,
          outcome: OUTCOME[transferCase.mode.kind],
          transferee: counterparty?.name ?? null,
          closedAt: event.executedAt,
          source,
        });
      }
    },
  };
}

/**
 * R12 rights maintenance: a granted right (recorded, or registered already granted) starts its
 * annuity workflow; the id derives from the achievement, so a redelivery finds the same workflow.
 */
export function startAnnuityWorkflow(taskQueue: string): Reaction {
  return {
    name: 'start-annuity-workflow-when-granted',
    eventTypes: ['PatentGrantRecorded', 'AchievementRegistered'],
    async react(recorded, temporal) {
      const achievementId = achievementIdOfStream(recorded.streamId);
      if (!achievementId) return;
      const event = toDomainEvent<AchievementEvent>(recorded);
      if (event.type === 'AchievementRegistered' && !event.rights.grantDate) return;
      try {
        await temporal.workflow.start<AnnuityWorkflow>(ANNUITY_WORKFLOW_TYPE, {
          workflowId: annuityWorkflowId(achievementId),
          taskQueue,
          args: [{ achievementId }],
        });
      } catch (error) {
        // Redelivered event: the workflow (id derived from the stream) is already running or done.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    },
  };
}

/** What changes the fee the right owes next, or whether the unit maintains it: the workflow loads it again. */
export const signalAnnuityWorkflow: Reaction = {
  name: 'signal-annuity-workflow-when-the-record-changes',
  eventTypes: [
    'AnnuityPaid',
    'AnnuityGracePeriodStarted',
    'RightLapseProposed',
    'RightLapsed',
    'AchievementOwnerChanged',
    'SignOffRoundClosed',
  ],
  async react(recorded, temporal) {
    const achievementId = achievementIdOfStream(recorded.streamId);
    if (!achievementId) return;
    try {
      await temporal.workflow
        .getHandle(annuityWorkflowId(achievementId))
        .signal(annuityRecordChangedSignal, { eventId: recorded.eventId, type: recorded.type });
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error; // never started (not granted), or already ended
    }
  },
};

/** R12 abandonment: the `right-lapse` sign-off closed as signed — the register records the lapse, citing the closing event. */
export function recordDecidedLapse(store: EventStore): Reaction {
  return {
    name: 'register-lapse-when-right-lapse-signed',
    eventTypes: ['SignOffRoundClosed'],
    async react(recorded) {
      const achievementId = achievementIdOfStream(recorded.streamId);
      if (!achievementId) return;
      const event = toDomainEvent<AchievementEvent>(recorded);
      if (event.type !== 'SignOffRoundClosed' || event.signOffId !== RIGHT_LAPSE_SIGN_OFF || event.outcome !== 'signed') return;
      await recordInRegister(store, recorded, achievementId, {
        type: 'RecordRightLapseDecided',
        source: sourceOf(recorded),
        now: event.closedAt,
      });
    },
  };
}

/** R11: a signed ownership agreement makes the inventors co-owners or owners, or gives them a use right. */
export function registerOwnershipAgreementFacts(store: EventStore): Reaction {
  return {
    name: 'register-achievement-from-ownership-agreement',
    eventTypes: ['SignOffRoundClosed'],
    async react(recorded) {
      if (!recorded.streamId.startsWith(OWNERSHIP_AGREEMENT_STREAM_PREFIX)) return;
      const event = toDomainEvent<OwnershipAgreementEvent>(recorded);
      if (event.type !== 'SignOffRoundClosed' || event.signOffId !== OWNERSHIP_AGREEMENT_SIGNATURE || event.outcome !== 'signed') return;
      // The closing event names no grant: the agreement everyone signed, folded up to it, does.
      const agreement = await stateAt(store, recorded, ownershipAgreementDecider);
      if (!agreement.grant || !agreement.achievementId) throw new Error(`${recorded.streamId}: a signed agreement without terms`);
      await recordInRegister(store, recorded, agreement.achievementId, {
        type: 'RecordOwnershipGranted',
        agreementId: recorded.streamId,
        grant: agreement.grant,
        grantedAt: event.closedAt,
        source: sourceOf(recorded),
      });
    },
  };
}

/**
 * R5: an equity investment opened on a case of the achievement is recorded with its company; the
 * shares received and every sale record the unit's holding after them (the ledger shows it).
 */
export function registerEquityInvestmentFacts(store: EventStore): Reaction {
  return {
    name: 'register-achievement-from-equity-investment',
    eventTypes: ['EquityInvestmentOpened', 'EquitySharesReceived', 'EquityHoldingSold'],
    async react(recorded) {
      if (!recorded.streamId.startsWith(EQUITY_INVESTMENT_STREAM_PREFIX)) return;
      const source = sourceOf(recorded);
      const event = toDomainEvent<EquityInvestmentEvent>(recorded);
      let command: AchievementCommand;
      switch (event.type) {
        case 'EquityInvestmentOpened':
          command = {
            type: 'RecordEquityInvestment',
            investmentId: event.investmentId,
            caseId: event.caseId,
            company: event.company,
            recordedAt: event.openedAt,
            source,
          };
          break;
        case 'EquitySharesReceived':
          command = {
            type: 'RecordEquityHolding',
            investmentId: event.investmentId,
            change: 'received',
            holding: event.holding,
            valueFen: event.valueFen,
            on: event.registeredOn,
            source,
          };
          break;
        case 'EquityHoldingSold':
          command = {
            type: 'RecordEquityHolding',
            investmentId: event.investmentId,
            change: 'sold',
            holding: event.holdingAfter,
            valueFen: null,
            on: event.soldOn,
            source,
          };
          break;
        default:
          return;
      }
      await recordInRegister(store, recorded, event.achievementId, command);
    },
  };
}

/**
 * R5, R15: a licence enters the register when it takes effect (its case executed), with its licensee
 * and scope; its conversion to a paid licence, an uncured default and a signed termination change its
 * standing there. The licence's events name neither the achievement nor the terms: its own stream,
 * folded up to the event, does.
 */
export function registerLicenceFacts(store: EventStore): Reaction {
  return {
    name: 'register-achievement-from-licence',
    eventTypes: ['LicenceTookEffect', 'LicenceConvertedToPaid', 'LicenceDefaultUncured', 'SignOffRoundClosed'],
    async react(recorded) {
      if (!recorded.streamId.startsWith(LICENCE_STREAM_PREFIX)) return;
      const event = toDomainEvent<LicenceEvent>(recorded);
      if (event.type === 'SignOffRoundClosed' && (event.signOffId !== LICENCE_TERMINATION_SIGN_OFF || event.outcome !== 'signed')) return;
      const licence = await stateAt(store, recorded, licenceDecider);
      if (!licence.exists || !licence.terms || !licence.achievementId || !licence.licenceId)
        throw new Error(`${recorded.streamId}: ${recorded.type} on a licence never recorded`);
      const source = sourceOf(recorded);
      const licenceId = licence.licenceId;
      let command: AchievementCommand;
      switch (event.type) {
        case 'LicenceTookEffect': {
          const terms = licence.terms;
          command = {
            type: 'RecordLicence',
            licenceId,
            caseId: event.caseId,
            licensee: { name: terms.licensee.name, class: terms.licensee.class },
            exclusivity: terms.exclusivity,
            territory: terms.territory,
            fieldOfUse: terms.fieldOfUse,
            term: terms.term,
            useFirstPayLater: terms.useFirstPayLater !== null,
            effectiveOn: event.effectiveOn,
            source,
          };
          break;
        }
        case 'LicenceConvertedToPaid':
          command = {
            type: 'RecordLicenceStatus',
            licenceId,
            change: 'converted_to_paid',
            on: shanghaiDate(event.decidedAt),
            itemKey: null,
            ground: null,
            source,
          };
          break;
        case 'LicenceDefaultUncured':
          command = {
            type: 'RecordLicenceStatus',
            licenceId,
            change: 'default_uncured',
            on: event.cureEndsOn,
            itemKey: event.itemKey,
            ground: null,
            source,
          };
          break;
        case 'SignOffRoundClosed':
          // A round of an earlier proposal, closed after a later one opened, terminates nothing.
          if (licenceStatusOf(licence) !== 'terminated' || !licence.termination) return;
          command = {
            type: 'RecordLicenceStatus',
            licenceId,
            change: 'terminated',
            on: shanghaiDate(event.closedAt),
            itemKey: null,
            ground: licence.termination.ground,
            source,
          };
          break;
        default:
          return;
      }
      await recordInRegister(store, recorded, licence.achievementId, command);
    },
  };
}

/** The reactions that record facts on the register (no Temporal). */
export function registerFactReactions(store: EventStore): Reaction[] {
  return [
    registerDisclosureFacts(store),
    registerAbandonmentContractFacts(store),
    registerTransferCaseFacts(store),
    recordDecidedLapse(store),
    registerOwnershipAgreementFacts(store),
    registerEquityInvestmentFacts(store),
    registerLicenceFacts(store),
  ];
}

export function achievementRegisterReactions(store: EventStore, taskQueue: string): Reaction[] {
  return [...registerFactReactions(store), startAnnuityWorkflow(taskQueue), signalAnnuityWorkflow];
}
