import { randomUUID } from 'node:crypto';
import { RequestActor } from './actor';
import { ProblemException } from './problem-details';
import { currentCorrelationId } from './request-context';

/**
 * The headers every command endpoint reads, parsed once for all controllers. Kept free of the
 * event-store library (which depends on this one); the context is structurally its CommandContext.
 */
export interface HttpCommandContext {
  commandId: string;
  actor: RequestActor;
  correlationId: string;
}

/** A retry with the same Idempotency-Key derives the same event ids, so it appends nothing twice. */
export function commandContext(actor: RequestActor, idempotencyKey: string | undefined): HttpCommandContext {
  // Scoped by caller: two users who happen to pick the same key never collide.
  const commandId = idempotencyKey ? `${actor.userId}:${idempotencyKey}` : randomUUID();
  return { commandId, actor, correlationId: currentCorrelationId() ?? randomUUID() };
}

export function parseIfMatch(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(ifMatch);
  if (!match) throw new ProblemException(422, 'IF_MATCH_INVALID', 'If-Match must be a stream revision, e.g. "3".');
  return Number(match[1]);
}

export function idempotencyKeyOf(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{8,128}$/.test(key)) {
    throw new ProblemException(422, 'IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 8–128 visible ASCII characters.');
  }
  return key;
}
