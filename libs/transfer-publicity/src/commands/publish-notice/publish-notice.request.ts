import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional } from 'class-validator';

export class PublishNoticeRequest {
  @ApiPropertyOptional({
    example: 15,
    description: 'Publicity days under the unit policy: at least 15 (R7); counted by R7-DAYS (ADR 6). Default 15.',
  })
  @IsOptional()
  @IsInt()
  days?: number;
}
