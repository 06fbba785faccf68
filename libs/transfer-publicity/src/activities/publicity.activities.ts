import { EventStore, loadStream, runProcessCommand } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import type { PublicityActivities, PublicitySnapshot } from '../../../../workflows/transfer-publicity/publicity.contract';
import { transferCaseCommands } from '../commands/transfer-publicity.commands';
import { transferCaseDecider, TransferCaseState } from '../domain/transfer-case.decider';

const SYSTEM = { userId: 'system:temporal', role: 'system' };

function snapshotOf(state: TransferCaseState, revision: number, round: number): PublicitySnapshot {
  const publicity = state.exists ? state.publicity : null;
  if (!publicity || publicity.round !== round) return { revision, status: 'superseded', periodEndsAt: null, openObjectionIds: [] };
  return {
    revision,
    status: publicity.status,
    periodEndsAt: publicity.periodEndsAt,
    openObjectionIds: publicity.objections.filter((o) => o.status === 'open').map((o) => o.objectionId),
  };
}

/** Activity implementations: they read and append through the same command declaration as the HTTP commands. */
export function createPublicityActivities(store: EventStore): PublicityActivities {
  return {
    async loadPublicityRound({ streamId, round }) {
      const { state, revision } = await loadStream(store, streamId, transferCaseDecider);
      return snapshotOf(state, revision, round);
    },

    async completePublicityPeriod({ streamId, caseId, round, now }) {
      // Through the command declaration, like the HTTP commands: the approval round it opens names
      // the register's inventors, which only the declaration's prepare step loads (and checks on append).
      const outcome = await runProcessCommand(
        store,
        transferCaseCommands,
        caseId,
        { type: 'CompletePublicityPeriod', caseId, round },
        {
          // Deterministic per round: a retried activity derives the same event ids and appends nothing new.
          commandId: `publicity-completion:${streamId}:${round}`,
          actor: SYSTEM,
          correlationId: streamId,
          occurredAt: now,
        },
      );
      const { state, revision } = await loadStream(store, streamId, transferCaseDecider);
      const snapshot = snapshotOf(state, revision, round);
      if (!isRuleViolation(outcome)) return { outcome: 'completed', snapshot };
      switch (outcome.code) {
        case 'R7_OBJECTION_OPEN':
          return { outcome: 'objection_open', snapshot };
        case 'R7_PUBLICITY_PERIOD_NOT_OVER':
          return { outcome: 'period_not_over', snapshot };
        case 'R7_PUBLICITY_NOT_RUNNING':
        case 'TRANSFER_CASE_NOT_FOUND':
          return { outcome: 'not_running', snapshot };
        default:
          // Anything else (e.g. the approval round could not be opened) is a defect: let Temporal retry and alert.
          throw new Error(`${outcome.code}: ${outcome.detail}`);
      }
    },
  };
}
