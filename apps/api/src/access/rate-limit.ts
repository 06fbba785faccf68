import { ProblemDocument, PROBLEM_CONTENT_TYPE, ProblemException } from '@chengguo/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * A fixed one-minute window per caller (the bearer token's signature part, else the address).
 * In-memory and per process: behind several API replicas the effective limit multiplies, which is
 * acceptable for abuse protection; a shared limiter belongs in the gateway.
 */
export function rateLimit(perMinute: number) {
  const windows = new Map<string, { start: number; count: number }>();
  return (request: Request, response: Response, next: NextFunction): void => {
    const now = Date.now();
    const auth = request.headers.authorization;
    const key = typeof auth === 'string' ? auth.slice(-43) : (request.ip ?? 'unknown');
    let window = windows.get(key);
    if (!window || now - window.start >= 60_000) {
      if (windows.size > 50_000) windows.clear(); // bounded memory under a flood of distinct keys
      window = { start: now, count: 0 };
      windows.set(key, window);
    }
    window.count++;
    response.setHeader('RateLimit-Limit', String(perMinute));
    response.setHeader('RateLimit-Remaining', String(Math.max(0, perMinute - window.count)));
    if (window.count > perMinute) {
      const retryAfter = Math.ceil((window.start + 60_000 - now) / 1000);
      const problem: ProblemDocument = new ProblemException(429, 'RATE_LIMITED', `More than ${perMinute} requests a minute; retry in ${retryAfter}s.`).toDocument(
        request.originalUrl,
      );
      response.status(429).setHeader('Retry-After', String(retryAfter)).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
      return;
    }
    next();
  };
}
