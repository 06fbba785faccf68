import { applyDecorators, Type } from '@nestjs/common';
import { ApiHeader, ApiProperty, ApiResponse } from '@nestjs/swagger';
import { ApiProblems, mergeProblemCodes, ProblemCodes } from './api-problems';

/** The answer to an accepted command: which stream, at which revision, with which events. */
export class CommandAccepted {
  @ApiProperty({ example: 'disclosure-0b7e3c9a-5f7e-4c51-9a52-1d0c4f1b2a11' })
  streamId: string;

  @ApiProperty({ description: 'Stream revision after the command; send it as If-Match on the next one', example: 3 })
  revision: number;

  @ApiProperty({ type: [String], description: 'Ids of the events the command appended, in order', example: ['5d2f6c1e-…'] })
  eventIds: string[];
}

/** What every command can answer, whatever its process: the command path's own refusals. */
const COMMAND_PATH_PROBLEMS: ProblemCodes = {
  409: ['CONCURRENT_MODIFICATION', 'IDEMPOTENCY_CONFLICT', 'IDEMPOTENCY_REQUEST_IN_PROGRESS'],
  422: ['IDEMPOTENCY_KEY_INVALID', 'IDEMPOTENCY_KEY_REUSED'],
};

/**
 * The OpenAPI face every command endpoint shares: the Idempotency-Key and If-Match headers, the
 * answer (CommandAccepted unless the command answers more), and its problem codes by status
 * (`refusals`: the process's rule codes; the command path's and the platform's are added).
 */
export function ApiCommand(
  options: { ifMatch?: boolean; status?: number; refusals?: ProblemCodes | ProblemCodes[]; response?: Type<unknown> } = {},
) {
  const refusals = Array.isArray(options.refusals) ? options.refusals : [options.refusals ?? {}];
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'A retry with the same key and body appends nothing twice (8–128 visible ASCII characters)',
      schema: { type: 'string', pattern: '^[\\x21-\\x7e]{8,128}$', example: 'draft-2026-01-15-li-lei' },
    }),
    ...(options.ifMatch === false
      ? []
      : [
          ApiHeader({
            name: 'If-Match',
            required: false,
            description: 'Expected stream revision (a stale one answers 409 CONCURRENT_MODIFICATION)',
            schema: { type: 'string', pattern: '^\\s*(W/)?"?\\d{1,15}"?\\s*$', example: '"3"' },
          }),
        ]),
    ApiResponse({ status: options.status ?? 200, type: options.response ?? CommandAccepted }),
    ApiProblems(mergeProblemCodes(COMMAND_PATH_PROBLEMS, options.ifMatch === false ? {} : { 422: ['IF_MATCH_INVALID'] }, ...refusals)),
  );
}
