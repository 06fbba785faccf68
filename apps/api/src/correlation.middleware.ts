import { newId } from '@chengguo/eventstore';
import { IncomingMessage } from 'node:http';

const HEADER = 'x-correlation-id';

const WELL_FORMED = /^[\w.:-]{8,128}$/;

/** The request's correlation id: the caller's X-Correlation-Id when well-formed, else a new one. */
export function correlationIdOf(request: IncomingMessage): string {
  const given = request.headers[HEADER];
  return typeof given === 'string' && WELL_FORMED.test(given) ? given : newId();
}
