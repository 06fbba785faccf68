import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** Names the party to act for; needed only when the caller could act for several. */
export class PartyChoiceRequest {
  @ApiPropertyOptional({ example: 'inventor:li.lei', description: 'Party to act for, when the caller holds several' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  partyId?: string;
}

export class SignRequest extends PartyChoiceRequest {
  @ApiProperty({
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    description: 'SHA-256 (lower-case hex) of the canonical JSON of the terms the caller reviewed',
  })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'termsHash must be a lower-case hex SHA-256 digest' })
  termsHash: string;
}

export class RejectRequest extends PartyChoiceRequest {
  @ApiProperty({ example: 'Revenue share below unit policy', description: 'Why the party refuses the terms' })
  @IsString()
  @MinLength(1)
  @MaxLength(2_000)
  reason: string;
}

/** Only a quorum round lets a party abstain. */
export class AbstainRequest extends PartyChoiceRequest {}

export class DelegateRequest extends PartyChoiceRequest {
  @ApiProperty({ example: 'qian.legal', description: 'User who may act for the party; must hold the party role' })
  @IsString()
  @Matches(/^[\w.@:-]{1,128}$/, { message: 'toUserId must be 1–128 characters of [A-Za-z0-9_.@:-]' })
  toUserId: string;
}

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
