import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { PartyChoiceRequest } from '../party-choice.request';

export class SignRequest extends PartyChoiceRequest {
  @ApiProperty({
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    description: 'SHA-256 (lower-case hex) of the canonical JSON of the terms the caller reviewed',
  })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'termsHash must be a lower-case hex SHA-256 digest' })
  termsHash: string;
}
