import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

export class RevisePriceRequest {
  @ApiProperty({ example: 150_000_000, description: 'New proposed price in fen; it needs a new full publicity period (R7)' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  proposedPriceFen: number;
}
