import { requestContext } from '@chengguo/common';
import { newId } from '@chengguo/eventstore';
import type { NextFunction, Request, Response } from 'express';

const HEADER = 'x-correlation-id';

/** Every request runs with a correlation id (taken from the caller when well-formed). */
export function correlationMiddleware(request: Request, response: Response, next: NextFunction): void {
  const given = request.headers[HEADER];
  const correlationId = typeof given === 'string' && /^[\w.:-]{8,128}$/.test(given) ? given : newId();
  response.setHeader('X-Correlation-Id', correlationId);
  requestContext.run({ correlationId }, () => next());
}
