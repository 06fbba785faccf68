import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsString, Matches } from 'class-validator';

export class ExtendDeadlineRequest {
  @ApiProperty({ example: '2026-06-15T00:00:00.000Z', description: 'New deadline, an ISO 8601 instant with Z or an offset' })
  @IsString()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'newDeadline must be a valid ISO 8601 date-time' })
  // A date-time without offset would be read in the server's time zone: ask for an instant.
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, {
    message: 'newDeadline must be a date-time with Z or an offset, e.g. 2026-06-15T00:00:00Z',
  })
  newDeadline: string;
}
