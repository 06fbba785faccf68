import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

export class AchievementRequest {
  @ApiProperty({ enum: ['disclosure', 'patent'], description: 'A disclosure (by id) or a granted patent (by number)' })
  @IsIn(['disclosure', 'patent'])
  kind: 'disclosure' | 'patent';

  @ApiProperty({ example: 'ZL202610000001.X' })
  @IsString()
  @Matches(/^[\w.:/-]{1,128}$/)
  id: string;

  @ApiProperty({ example: '一种低温固态电池电解质', description: 'The name the notice publishes (R7)' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  name: string;
}

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

export class ClassificationRequest {
  @ApiProperty({ description: 'Involves state secrets (R5)' })
  @IsBoolean()
  stateSecret: boolean;

  @ApiProperty({ description: 'Involves national security (R5)' })
  @IsBoolean()
  nationalSecurity: boolean;

  @ApiProperty({ description: 'Key core technology (R5)' })
  @IsBoolean()
  keyCoreTechnology: boolean;
}

export class OpenTransferCaseRequest {
  @ApiProperty({ type: AchievementRequest })
  @ValidateNested()
  @Type(() => AchievementRequest)
  achievement: AchievementRequest;

  @ApiProperty({ type: TransferModeRequest })
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

  @ApiProperty({ type: ClassificationRequest })
  @ValidateNested()
  @Type(() => ClassificationRequest)
  classification: ClassificationRequest;
}
