import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';

export class ResolveObjectionRequest {
  @ApiProperty({ enum: ['dismiss', 'uphold'], description: 'Upholding fails the publicity round (R7)' })
  @IsIn(['dismiss', 'uphold'])
  resolution: 'dismiss' | 'uphold';

  @ApiProperty({ example: '经第三方评估，拟定价格公允 / an independent valuation supports the price' })
  @IsString()
  @MinLength(1)
  @MaxLength(5_000)
  reasons: string;
}
