import { ACHIEVEMENT_OF_THE_STREAM, ProcessCommands } from '@chengguo/eventstore';
import { SignOffCommand, SignOffState } from '../domain/sign-off.decider';
import { SIGN_OFF_SCHEMA_VERSIONS, SignOffEvent } from '../domain/sign-off.events';
import { signOffStreamDecider } from '../sign-off-stream';

type HttpSignOffCommand = Extract<
  SignOffCommand,
  { type: 'Sign' | 'Reject' | 'Abstain' | 'Delegate' | 'RevokeDelegation' | 'ExtendDeadline' | 'CloseAsExpired' }
>;
/** A party's or the escalation role's sign-off command as the API states it; actor and time are added. */
export type SignOffCommandInput = HttpSignOffCommand extends infer C ? (C extends unknown ? Omit<C, 'actor' | 'now'> : never) : never;

/**
 * Sign-off commands on any process's stream: the key is the owning stream's id, and the sign-off
 * view of that stream decides (the round workflow's activities use the same decider).
 */
export const signOffCommands: ProcessCommands<SignOffCommand, SignOffEvent, SignOffState, SignOffCommandInput> = {
  process: 'sign-off',
  decider: signOffStreamDecider,
  schemaVersions: SIGN_OFF_SCHEMA_VERSIONS,
  streamId: (streamId) => streamId,
  // A round lives in its subject's stream (a contract, a case, a claim) and concerns its achievement.
  achievement: ACHIEVEMENT_OF_THE_STREAM,
  prepare: (input, context, { now }) => ({ ...input, actor: context.actor, now }) as SignOffCommand,
};
