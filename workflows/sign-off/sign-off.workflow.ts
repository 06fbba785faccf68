import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  SignOffActivities,
  SignOffEventEnvelope,
  SignOffEventFacts,
  signOffEventSignal,
  SignOffPartyDecision,
  SignOffPartyFacts,
  SignOffRoundFacts,
  signOffStateQuery,
  SignOffTimerCommand,
  SignOffWorkflowInput,
  SignOffWorkflowState,
} from './sign-off.contract';

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
  let round: SignOffRoundFacts | null = null;
  let revision = -1;
  let nextTimer: SignOffWorkflowState['nextTimer'] = null;
  const inbox: SignOffEventEnvelope[] = [];
  const attempted = new Set<string>();

  const view = (): SignOffWorkflowState => ({
    streamId: input.streamId,
    signOffId: input.signOffId,
    round,
    revision,
    nextTimer,
  });
  const fold = (envelopes: SignOffEventEnvelope[]): void => {
    for (const envelope of [...envelopes].sort((a, b) => a.revision - b.revision)) {
      if (envelope.revision <= revision) continue; // already folded (from the snapshot or an earlier delivery)
      if (envelope.event.signOffId === input.signOffId) round = foldSignOffRound(round, envelope.event);
      revision = envelope.revision;
    }
  };

  setHandler(signOffEventSignal, (envelope) => void inbox.push(envelope));
  setHandler(signOffStateQuery, view);

  const snapshot = await loadSignOffRound(input);
  if (snapshot.round) round = snapshot.round;
  revision = snapshot.revision;

  for (;;) {
    fold(inbox.splice(0));
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
function nextDueTimer(round: SignOffRoundFacts, attempted: Set<string>): DueTimer | null {
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

/**
 * The workflow's own fold of one sign-off's events: the timing facts of the round (deadline,
 * reminders sent, who is pending or overdue, open / expired / closed). It mirrors the sign-off
 * decider's `evolve` as of SIGN_OFF_FOLD_VERSION but is deliberately a copy: the decider may change
 * for new commands without touching running workflows. A change here that alters which timers run
 * (hence the command sequence in history) must keep the old behaviour for histories recorded before
 * it: bump the version and branch on `patched('sign-off-fold-v2')`.
 */
export const SIGN_OFF_FOLD_VERSION = 1;

function foldSignOffRound(round: SignOffRoundFacts | null, event: SignOffEventFacts): SignOffRoundFacts | null {
  if (event.type === 'SignOffRoundOpened') {
    return {
      signOffId: event.signOffId,
      round: event.round,
      subject: event.subject,
      termsHash: event.termsHash,
      mode: event.mode,
      parties: event.parties.map((party) => ({ party, decision: 'pending', decidedBy: null, delegation: null, overdue: false })),
      deadline: event.deadline,
      reminderOffsetsMs: event.reminderOffsetsMs,
      remindersSent: [],
      escalationRole: event.escalationRole,
      status: 'open',
      outcome: null,
      extended: false,
    };
  }
  if (!round || round.round !== event.round) return round; // an event of a superseded round
  const party = (partyId: string, change: (p: SignOffPartyFacts) => SignOffPartyFacts): SignOffRoundFacts => ({
    ...round,
    parties: round.parties.map((p) => (p.party.partyId === partyId ? change(p) : p)),
  });
  const decided = (decision: SignOffPartyDecision, e: { partyId: string; userId: string; onBehalfOf: string | null }) =>
    party(e.partyId, (p) => ({
      ...p,
      decision,
      decidedBy: e.userId,
      delegation: p.delegation && e.onBehalfOf !== null ? { ...p.delegation, used: true } : p.delegation,
    }));
  switch (event.type) {
    case 'SignOffSigned':
      return decided('signed', event);
    case 'SignOffRejected':
      return decided('rejected', event);
    case 'SignOffAbstained':
      return decided('abstained', event);
    case 'SignOffDelegated':
      return party(event.partyId, (p) => ({ ...p, delegation: { fromUserId: event.fromUserId, toUserId: event.toUserId, used: false } }));
    case 'SignOffDelegationRevoked':
      return party(event.partyId, (p) => ({ ...p, delegation: null }));
    case 'SignOffReminderSent':
      return { ...round, remindersSent: [...round.remindersSent, event.offsetMs] };
    case 'SignOffPartyOverdue':
      return party(event.partyId, (p) => ({ ...p, overdue: true }));
    case 'SignOffRoundExpired':
      return { ...round, status: 'expired' };
    case 'SignOffDeadlineExtended':
      // A new deadline brings its own reminders.
      return { ...round, status: 'open', deadline: event.newDeadline, extended: true, remindersSent: [] };
    case 'SignOffRoundClosed':
      return { ...round, status: 'closed', outcome: event.outcome };
  }
}
