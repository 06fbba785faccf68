import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiProperty, ApiResponse } from '@nestjs/swagger';

/** The answer to an accepted command: which stream, at which revision, with which events. */
export class CommandAccepted {
  @ApiProperty()
  streamId: string;

  @ApiProperty({ description: 'Stream revision after the command; send it as If-Match on the next one' })
  revision: number;

  @ApiProperty({ type: [String] })
  eventIds: string[];
}

/**
 * The OpenAPI face every command endpoint shares: the Idempotency-Key and If-Match headers, the
 * CommandAccepted answer, and the problem+json refusals, with the codes of the process where it
 * names them (`refusals`: status → what answers it).
 */
export function ApiCommand(options: { ifMatch?: boolean; status?: number; refusals?: Record<number, string> } = {}) {
  const refusals: Record<number, string> = {
    400: 'VALIDATION_FAILED and other malformed input',
    403: 'ROLE_NOT_PERMITTED (the access rules refuse the role) or a rule of the process refuses the caller',
    409: 'the current state refuses the command (a rule key names it), or CONCURRENT_MODIFICATION',
    422: 'the values break a rule (a rule key names it)',
    ...options.refusals,
  };
  return applyDecorators(
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body appends nothing twice' }),
    ...(options.ifMatch === false ? [] : [ApiHeader({ name: 'If-Match', required: false, description: 'Expected stream revision' })]),
    ApiResponse({ status: options.status ?? 200, type: CommandAccepted }),
    ...Object.entries(refusals).map(([status, description]) =>
      ApiResponse({ status: Number(status), description: `${description} (problem+json)` }),
    ),
  );
}
