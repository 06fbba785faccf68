import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PartyChoiceRequest } from '../party-choice.request';

export class RejectRequest extends PartyChoiceRequest {
  @ApiProperty({ example: 'Revenue share below unit policy', description: 'Why the party refuses the terms' })
  @IsString()
  @MinLength(1)
  @MaxLength(2_000)
  reason: string;
}
