import { ACHIEVEMENT_OF_THE_STREAM, CommandContext, EventStore, HandledCommand, handleCommand, loadStream } from '@chengguo/eventstore';
import { Decider, DomainRuleViolation } from '@chengguo/kernel';
import { SignOffCommand, SignOffState, decideSignOff, evolveSignOff, initialSignOffState } from './domain/sign-off.decider';
import { SIGN_OFF_SCHEMA_VERSIONS, SignOffEvent, isSignOffEvent } from './domain/sign-off.events';

/**
 * The sign-off view of any process stream: it folds only the sign-off events and leaves the
 * owning process's own events to the owning decider. HTTP commands and the round workflow's
 * activities both write through here, so one set of rules decides every signature.
 */
export const signOffStreamDecider: Decider<SignOffCommand, SignOffEvent, SignOffState> = {
  initialState: initialSignOffState,
  decide: decideSignOff,
  evolve: (state, event) => (isSignOffEvent(event) ? evolveSignOff(state, event) : state),
};

export function handleSignOffCommand(
  store: EventStore,
  streamId: string,
  command: SignOffCommand,
  context: CommandContext,
  expectedRevision?: number,
): Promise<HandledCommand<SignOffEvent> | DomainRuleViolation> {
  return handleCommand(
    store,
    streamId,
    signOffStreamDecider,
    command,
    context,
    SIGN_OFF_SCHEMA_VERSIONS,
    ACHIEVEMENT_OF_THE_STREAM,
    expectedRevision,
  );
}

export async function loadSignOffs(store: EventStore, streamId: string): Promise<{ state: SignOffState; revision: number }> {
  const { state, revision } = await loadStream(store, streamId, signOffStreamDecider);
  return { state, revision };
}
