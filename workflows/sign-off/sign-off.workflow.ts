import { condition, continueAsNew, defineQuery, defineSignal, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { evolveSignOff, SignOffRound, SignOffState } from '../../libs/sign-off/src/domain/sign-off.decider';
import type { SignOffActivities, SignOffEventEnvelope, SignOffTimerCommand } from './sign-off.activities';

export interface SignOffWorkflowInput {
  streamId: string;
  signOffId: string;
}

export interface SignOffWorkflowState {
  streamId: string;
  signOffId: string;
  round: SignOffRound | null;
  /** Revision of the owning stream up to which the workflow has folded events. */
  revision: number;
  /** The next durable timer, if any: what it records and when. */
  nextTimer: { at: string; command: SignOffTimerCommand['type'] } | null;
}

/** Every sign-off event of the stream, forwarded by the dispatcher after it was appended. */
export const signOffEventSignal = defineSignal<[SignOffEventEnvelope]>('signOffEvent');
export const signOffStateQuery = defineQuery<SignOffWorkflowState>('signOffState');

export const signOffWorkflowId = (streamId: string, signOffId: string): string => `sign-off:${streamId}:${signOffId}`;

const { loadSignOffRound, recordSignOffTimer } = proxyActivities<SignOffActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Keeps the time of one sign-off: reminders before the deadline, personal deadlines, the round's
 * expiry and its escalation. Signatures do not pass through here: they are events in the owning
 * stream, and the workflow only folds them (signals carry events, never decisions). It starts
 * from the stream's state (activity) and applies each forwarded event with a higher revision
 * exactly once, so a redelivered or stale signal changes nothing (ADR 5).
 */
export async function signOffWorkflow(input: SignOffWorkflowInput): Promise<SignOffWorkflowState> {
  let state: SignOffState = {};
  let revision = -1;
  let nextTimer: SignOffWorkflowState['nextTimer'] = null;
  const inbox: SignOffEventEnvelope[] = [];
  const attempted = new Set<string>();

  const view = (): SignOffWorkflowState => ({
    streamId: input.streamId,
    signOffId: input.signOffId,
    round: state[input.signOffId] ?? null,
    revision,
    nextTimer,
  });
  const fold = (envelopes: SignOffEventEnvelope[]): void => {
    for (const envelope of [...envelopes].sort((a, b) => a.revision - b.revision)) {
      if (envelope.revision <= revision) continue; // already folded (from the snapshot or an earlier delivery)
      state = evolveSignOff(state, envelope.event);
      revision = envelope.revision;
    }
  };

  setHandler(signOffEventSignal, (envelope) => void inbox.push(envelope));
  setHandler(signOffStateQuery, view);

  const snapshot = await loadSignOffRound(input);
  if (snapshot.round) state = { [input.signOffId]: snapshot.round };
  revision = snapshot.revision;

  for (;;) {
    fold(inbox.splice(0));
    const round = state[input.signOffId];
    if (!round || round.status === 'closed') {
      nextTimer = null;
      return view();
    }
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof signOffWorkflow>(input);

    const timer = nextDueTimer(round, attempted);
    nextTimer = timer ? { at: new Date(timer.at).toISOString(), command: timer.command.type } : null;
    if (!timer) {
      await condition(() => inbox.length > 0);
      continue;
    }
    if (await condition(() => inbox.length > 0, Math.max(1, timer.at - workflowNow()))) continue;

    attempted.add(timer.key);
    const command = { ...timer.command, now: new Date(workflowNow()).toISOString() } as SignOffTimerCommand;
    fold(await recordSignOffTimer({ streamId: input.streamId, signOffId: input.signOffId, command }));
  }
}

/**
 * Temporal's workflow clock: inside the workflow sandbox `Date` is replaced by the time of the
 * current workflow task, recorded in history, so replays see the same instant.
 */
function workflowNow(): number {
  return Date.now();
}

type TimerCommandWithoutNow = SignOffTimerCommand extends infer C ? (C extends SignOffTimerCommand ? Omit<C, 'now'> : never) : never;

interface DueTimer {
  key: string;
  at: number;
  command: TimerCommandWithoutNow;
}

/** The earliest instant at which the round needs something recorded, among those not yet tried. */
function nextDueTimer(round: SignOffRound, attempted: Set<string>): DueTimer | null {
  const candidates: DueTimer[] = [];
  if (round.status === 'open') {
    const deadline = Date.parse(round.deadline);
    for (const offsetMs of round.reminderOffsetsMs) {
      if (round.remindersSent.includes(offsetMs)) continue;
      candidates.push({
        key: `${round.round}:reminder:${offsetMs}:${round.deadline}`,
        at: deadline - offsetMs,
        command: { type: 'RecordReminder', round: round.round, offsetMs },
      });
    }
    for (const p of round.parties) {
      if (p.decision !== 'pending' || p.overdue || !p.party.deadline) continue;
      candidates.push({
        key: `${round.round}:party:${p.party.partyId}`,
        at: Date.parse(p.party.deadline),
        command: { type: 'RecordPartyOverdue', round: round.round, partyId: p.party.partyId },
      });
    }
    candidates.push({
      key: `${round.round}:expiry:${round.deadline}`,
      at: deadline,
      command: { type: 'RecordRoundExpiry', round: round.round },
    });
  }
  const open = candidates.filter((c) => !attempted.has(c.key)).sort((a, b) => a.at - b.at);
  return open[0] ?? null;
}
