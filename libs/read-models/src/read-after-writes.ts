import { ApiProblems } from '@chengguo/common';
import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import {
  DEFAULT_WAIT_MS,
  MAX_READ_AFTER_WRITES,
  MAX_WAIT_MS,
  parseReadAfter,
  parseWaitMs,
  READ_AFTER_HEADER,
  readModelBehind,
  ReadYourWrites,
  WAIT_MS_HEADER,
} from './read-your-writes';

const READ_MODEL_SUBSCRIBERS = 'chengguo:read-model-subscribers';

/**
 * Waits, before the handler reads, until the read models it reads have applied the writes the
 * request names in X-Chengguo-Read-After (ADR 26); answers 503 READ_MODEL_BEHIND with Retry-After
 * when they have not within X-Chengguo-Wait-Ms. A request without the header goes straight on.
 */
@Injectable()
export class ReadAfterWritesInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (request.headers[READ_AFTER_HEADER] === undefined) return next.handle();
    return from(this.waitForWrites(context, request)).pipe(switchMap(() => next.handle()));
  }

  private async waitForWrites(context: ExecutionContext, request: Request): Promise<void> {
    const writes = parseReadAfter(request.headers[READ_AFTER_HEADER]);
    const waitMs = parseWaitMs(request.headers[WAIT_MS_HEADER]);
    const subscribers = this.reflector.get<string[]>(READ_MODEL_SUBSCRIBERS, context.getHandler()) ?? [];
    const target = await this.readYourWrites.positionOf(writes);
    if (target === null || subscribers.length === 0) return;
    if (await this.readYourWrites.waitFor(subscribers, target, waitMs)) return;
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', '1');
    throw readModelBehind(subscribers, waitMs);
  }
}

/**
 * Marks a read backed by projections (by name): it accepts X-Chengguo-Read-After and
 * X-Chengguo-Wait-Ms, documented in the OpenAPI document with their refusals.
 */
export function ReadsProjections(...projections: string[]) {
  return applyDecorators(
    SetMetadata(
      READ_MODEL_SUBSCRIBERS,
      projections.map((name) => `projector:${name}`),
    ),
    UseInterceptors(ReadAfterWritesInterceptor),
    ApiHeader({
      name: 'X-Chengguo-Read-After',
      required: false,
      description:
        `Read your writes: the writes this read must reflect, as commands answered them (\`streamId@revision\`, ` +
        `up to ${MAX_READ_AFTER_WRITES}, comma-separated). The read waits until its read model has applied them ` +
        `(503 READ_MODEL_BEHIND with Retry-After if not within X-Chengguo-Wait-Ms); a write the store does not hold is ignored.`,
      schema: { type: 'string', example: 'disclosure-0b7e3c9a-5f7e-4c51-9a52-1d0c4f1b2a11@3' },
    }),
    ApiHeader({
      name: 'X-Chengguo-Wait-Ms',
      required: false,
      description: `How long the read may wait for X-Chengguo-Read-After, in ms (0–${MAX_WAIT_MS}, default ${DEFAULT_WAIT_MS})`,
      schema: { type: 'string', pattern: '^\\d{1,5}$', example: '2000' },
    }),
    ApiProblems({ 422: ['READ_AFTER_INVALID'], 503: ['READ_MODEL_BEHIND'] }),
  );
}
