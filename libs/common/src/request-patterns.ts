import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Matches, MaxLength } from 'class-validator';

// Shapes every request body checks the same way (class-validator `Matches`/`Max`): one definition.

/** A calendar date, YYYY-MM-DD (the day itself is checked by the decider where it matters). */
export const CALENDAR_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A document bound by its SHA-256, lower-case hex. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Up to 10^15 fen (10 trillion yuan): far above any amount the unit handles, well inside exact integers. */
export const MAX_FEN = 1_000_000_000_000_000;

/**
 * The evidence a command names: what the documents show and the SHA-256 of each. Shape only; whether
 * there is any (a non-blank summary, at least one document) is each decider's rule to refuse.
 */
export class EvidenceRequest {
  @ApiProperty({ example: '银行回单及合同扫描件', description: 'What the documents show' })
  @IsString()
  @MaxLength(5_000)
  summary: string;

  @ApiProperty({ type: [String], description: 'SHA-256 of each document, lower-case hex; at least one' })
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(SHA256_HEX, { each: true })
  documentSha256: string[];
}
