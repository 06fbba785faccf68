import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { PartyChoiceRequest } from '../party-choice.request';

export class DelegateRequest extends PartyChoiceRequest {
  @ApiProperty({ example: 'qian.legal', description: 'User who may act for the party; must hold the party role' })
  @IsString()
  @Matches(/^[\w.@:-]{1,128}$/, { message: 'toUserId must be 1–128 characters of [A-Za-z0-9_.@:-]' })
  toUserId: string;
}
