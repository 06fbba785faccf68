import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiExtension, ApiParam, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The API's status-code convention (README "API conventions", ADR 20), one mapping for every process:
 * - 400 only for a body that is not JSON at all (MALFORMED_JSON) or was cut off;
 * - 422 for an invalid request: validation, malformed ids, headers or query values, unstorable text,
 *   and values a rule refuses whatever the state (e.g. R1_SHARES_NOT_100_PERCENT);
 * - 409 for a rule the current state refuses (e.g. R7_OBJECTION_OPEN) and for concurrency
 *   (CONCURRENT_MODIFICATION: a stale If-Match or a fact stream that moved, IDEMPOTENCY_*);
 * - 403 for role refusals (ROLE_NOT_PERMITTED) and party / conflict refusals of a rule;
 * - 404 for a record that does not exist or that the caller may not see (the same answer);
 * - 401, 413, 415, 429, 503 from the platform (token, body size, media type, rate, dependencies).
 */
export const REFUSAL_STATUSES = [400, 401, 403, 404, 409, 413, 415, 422, 429, 503] as const;
export type RefusalStatus = (typeof REFUSAL_STATUSES)[number];

/** Stable codes an operation may answer, by status: documented as problem+json with one example per code. */
export type ProblemCodes = Partial<Record<RefusalStatus, readonly string[]>>;

/** The OpenAPI extension on an operation that carries its codes (apps/api renders the responses). */
export const PROBLEM_CODES_EXTENSION = 'x-problem-codes';

/** RFC 7807 problem details with Chengguo's stable `code`; rules add members of their own (e.g. `allowedRoles`). */
export class ProblemDetails {
  @ApiProperty({ example: 'https://chengguo.dev/problems/r7-publicity-too-short' })
  type: string;

  @ApiProperty({ example: 'Conflict' })
  title: string;

  @ApiProperty({ example: 409 })
  status: number;

  @ApiPropertyOptional({ example: 'A publicity period lasts at least 15 days (R7).' })
  detail?: string;

  @ApiPropertyOptional({ example: '/transfer-cases/3f6c…/publicity' })
  instance?: string;

  @ApiProperty({ description: 'Stable, machine-readable; names the rule key where a rule decides', example: 'R7_PUBLICITY_TOO_SHORT' })
  code: string;
}

/** Merges code lists by status, keeping each code once. */
export function mergeProblemCodes(...lists: ReadonlyArray<ProblemCodes | undefined>): ProblemCodes {
  const merged: Partial<Record<RefusalStatus, string[]>> = {};
  for (const list of lists) {
    for (const [status, codes] of Object.entries(list ?? {}) as Array<[string, readonly string[]]>) {
      const key = Number(status) as RefusalStatus;
      merged[key] = [...new Set([...(merged[key] ?? []), ...codes])];
    }
  }
  return merged;
}

/**
 * The problem codes one operation may answer beyond the platform's own (authentication, role,
 * validation, rate, dependencies — added to every operation where the document is built).
 */
export function ApiProblems(...lists: ProblemCodes[]): MethodDecorator & ClassDecorator {
  return ApiExtension(PROBLEM_CODES_EXTENSION, mergeProblemCodes(...lists));
}

/**
 * A path id that must be a UUID: parsed by ParseUUIDPipe (a malformed one answers 422
 * VALIDATION_FAILED) and documented as `format: uuid`, so clients and the fuzzer send real ones.
 */
export function UuidParam(name: string): ParameterDecorator {
  return (target, key, index) => {
    Param(name, ParseUUIDPipe)(target, key, index);
    const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) ApiParam({ name, type: String, format: 'uuid' })(target, key as string | symbol, descriptor);
  };
}
