import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** Names the party to act for; needed only when the caller could act for several. */
export class PartyChoiceRequest {
  @ApiPropertyOptional({ example: 'inventor:li.lei', description: 'Party to act for, when the caller holds several' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  partyId?: string;
}
