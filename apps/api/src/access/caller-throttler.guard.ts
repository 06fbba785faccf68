import { RequestActor } from '@chengguo/common';
import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { rateLimitedProblem } from './rate-limit';

/**
 * The per-caller limit (@nestjs/throttler, counted in PostgreSQL so every API replica shares it),
 * keyed on the caller the access guard verified — never on a claim of an unverified token, so nobody
 * can spend or dodge another person's budget by writing their `sub`. Registered after the access
 * guard; public routes (no caller) are limited per address only. One budget per caller across all
 * routes. Being a guard, it runs on Express and Fastify alike.
 */
@Injectable()
export class CallerThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return !context.switchToHttp().getRequest<{ actor?: RequestActor }>().actor;
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return `user:${(request.actor as RequestActor).userId}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw rateLimitedProblem(detail.limit, detail.timeToBlockExpire, 'per caller');
  }
}
