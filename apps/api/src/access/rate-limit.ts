import { ProblemDocument, PROBLEM_CONTENT_TYPE, ProblemException } from '@chengguo/common';
import type { NextFunction, Request, Response } from 'express';

/** The caller a request claims to be (token subject, unverified: the guard verifies later), else its address. */
function callerKey(request: Request): string {
  const auth = request.headers.authorization;
  const payload = typeof auth === 'string' ? auth.split('.')[1] : undefined;
  if (payload) {
    try {
      const sub = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown }).sub;
      if (typeof sub === 'string' && sub.length <= 128) return `user:${sub}`;
    } catch {
      // not a JWT: fall back to the address
    }
  }
  return `ip:${request.ip ?? 'unknown'}`;
}

/**
 * A fixed one-minute window per caller (token subject, else address).
 * In-memory and per process: behind several API replicas the effective limit multiplies, which is
 * acceptable for abuse protection; a shared limiter belongs in the gateway.
 */
export function rateLimit(perMinute: number) {
  const windows = new Map<string, { start: number; count: number }>();
  return (request: Request, response: Response, next: NextFunction): void => {
    const now = Date.now();
    const key = callerKey(request);
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
      const problem: ProblemDocument = new ProblemException(
        429,
        'RATE_LIMITED',
        `More than ${perMinute} requests a minute; retry in ${retryAfter}s.`,
      ).toDocument(request.originalUrl);
      response.status(429).setHeader('Retry-After', String(retryAfter)).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
      return;
    }
    next();
  };
}
