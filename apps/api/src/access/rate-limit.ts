import { ProblemException } from '@chengguo/common';

/**
 * A fixed one-minute window per key, in memory and per process: the per-address limit, taken by the
 * front door before anything else (body parsing included) so a flood costs no database round trip.
 * Before authentication only the address is known, so this first limit is per address (set higher
 * than the per-caller one: a campus NAT puts many people behind one address). The per-caller limit
 * is taken after the access guard verified the token (CallerThrottlerGuard), so nobody can spend —
 * or dodge — another person's budget by writing their `sub` into an unsigned token. Behind several
 * replicas its effective value multiplies, which is acceptable for abuse protection; the per-caller
 * limit is the shared one (CallerThrottlerGuard, PostgreSQL).
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(readonly perMinute: number) {}

  /** Counts one request for `key`; says whether it is within the limit and when the window ends. */
  take(key: string, now = Date.now()): { allowed: boolean; remaining: number; retryAfterSeconds: number } {
    let window = this.windows.get(key);
    if (!window || now - window.start >= 60_000) {
      if (this.windows.size > 50_000) this.windows.clear(); // bounded memory under a flood of distinct keys
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    return {
      allowed: window.count <= this.perMinute,
      remaining: Math.max(0, this.perMinute - window.count),
      retryAfterSeconds: Math.ceil((window.start + 60_000 - now) / 1000),
    };
  }
}

export function rateLimitedProblem(perMinute: number, retryAfterSeconds: number, per: string): ProblemException {
  return new ProblemException(429, 'RATE_LIMITED', `More than ${perMinute} requests a minute ${per}; retry in ${retryAfterSeconds}s.`);
}
