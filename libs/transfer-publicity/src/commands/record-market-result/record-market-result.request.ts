import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { CounterpartyRequest } from '../open-transfer-case/open-transfer-case.request';

export class RecordMarketResultRequest {
  @ApiProperty({ enum: ['listing', 'auction'], description: 'Must match the case pricing method (R6)' })
  @IsIn(['listing', 'auction'])
  method: 'listing' | 'auction';

  @ApiProperty({ example: '西藏技术产权交易所' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  exchange: string;

  @ApiProperty({ example: 'XZ-TE-2026-0042' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  listingNumber: string;

  @ApiProperty({ enum: ['deal', 'no_deal'] })
  @IsIn(['deal', 'no_deal'])
  result: 'deal' | 'no_deal';

  @ApiPropertyOptional({ example: 130_000_000, description: 'Final price in fen; required for a deal' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  finalPriceFen?: number;

  @ApiPropertyOptional({ type: CounterpartyRequest, description: 'The buyer or licensee; required for a deal' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CounterpartyRequest)
  counterparty?: CounterpartyRequest;

  @ApiProperty({ example: '2026-04-10', description: 'Calendar date the listing or auction concluded' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  concludedOn: string;
}
