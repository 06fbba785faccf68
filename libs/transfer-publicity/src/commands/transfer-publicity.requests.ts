import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

// The request bodies of the transfer case's commands (R5–R8), validated before anything is decided.

export class TransferModeRequest {
  @ApiProperty({ enum: ['transfer', 'license', 'equity_investment'], description: 'R5: transfer, license or equity investment' })
  @IsIn(['transfer', 'license', 'equity_investment'])
  kind: 'transfer' | 'license' | 'equity_investment';

  @ApiPropertyOptional({ enum: ['exclusive', 'sole', 'non_exclusive'], description: 'Required for a license' })
  @IsOptional()
  @IsIn(['exclusive', 'sole', 'non_exclusive'])
  exclusivity?: 'exclusive' | 'sole' | 'non_exclusive';
}

export class CounterpartyRequest {
  @ApiProperty({ example: '某某新能源科技有限公司' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({ example: '91540000MA6T0000X1', description: 'Unified social credit code' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-Z]{18}$/)
  creditCode?: string;
}

export class OpenTransferCaseRequest {
  @ApiProperty({
    example: '0b7e0f7e-3c1a-4d55-9a59-2f3f3e1f7a10',
    description:
      'The achievement in the register (R12); for a disclosed achievement, its disclosure id. Its title (published, R7), ' +
      'owner (R3) and classification (R5) are the register’s, not the caller’s.',
  })
  @IsString()
  @Matches(/^[\w.:-]{1,128}$/)
  achievementId: string;

  @ApiProperty({ type: TransferModeRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => TransferModeRequest)
  mode: TransferModeRequest;

  @ApiProperty({ enum: ['agreement', 'listing', 'auction'], description: 'R6 pricing method' })
  @IsIn(['agreement', 'listing', 'auction'])
  pricingMethod: 'agreement' | 'listing' | 'auction';

  @ApiPropertyOptional({ type: CounterpartyRequest, description: 'Required for agreement pricing' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CounterpartyRequest)
  counterparty?: CounterpartyRequest;

  @ApiProperty({ example: 120_000_000, description: 'Proposed (agreement) or reserve (listing, auction) price in fen' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  proposedPriceFen: number;
}

export class RecordSupervisoryFilingRequest {
  @ApiProperty({ example: '自治区科学技术厅', description: 'Supervisory department the filing went to (R5)' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  department: string;

  @ApiProperty({ example: '藏科备〔2026〕12号' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  filingNumber: string;

  @ApiProperty({ example: '2026-03-05', description: 'Calendar date of the filing' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  filedOn: string;
}

export class RevisePriceRequest {
  @ApiProperty({ example: 150_000_000, description: 'New proposed price in fen; it needs a new full publicity period (R7)' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  proposedPriceFen: number;
}

export class PublishNoticeRequest {
  @ApiPropertyOptional({
    example: 15,
    description: 'Publicity days under the unit policy: at least 15 (R7); counted by R7-DAYS (ADR 6). Default 15.',
  })
  @IsOptional()
  @IsInt()
  days?: number;
}

export class RaiseObjectionRequest {
  @ApiProperty({ example: '拟定价格明显低于同类成果市场价 / price far below comparable market prices' })
  @IsString()
  @MinLength(1)
  @MaxLength(5_000)
  reason: string;

  @ApiPropertyOptional({ type: [String], description: 'SHA-256 (lower-case hex) of evidence documents' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[0-9a-f]{64}$/, { each: true, message: 'each evidence hash is a lower-case hex SHA-256 digest' })
  evidenceHashes?: string[];
}

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

export class RegisterContractRequest {
  @ApiProperty({ example: '2026540001000123', description: 'Technology-contract registration number (技术合同认定登记, R8)' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  registrationNumber: string;

  @ApiProperty({ example: '2026-05-20', description: 'Calendar date of the registration' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  registeredOn: string;
}
