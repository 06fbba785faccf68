import { CALENDAR_DATE, EvidenceRequest, MAX_FEN } from '@chengguo/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { COST_CATEGORIES, CostCategory, INCOME_SOURCES, IncomeSource } from '../domain/income.events';

// Request bodies of the income ledger's HTTP face. They check shape only; whether the facts hold
// (the case is on the register, the date is not in the future, the invoice is new) is the decider's call.

export class RecordIncomeRequest {
  @ApiProperty({ enum: INCOME_SOURCES, description: 'How the income arose (R3, R5; technology contracts: XZ-13)' })
  @IsIn(INCOME_SOURCES)
  source: IncomeSource;

  @ApiProperty({ enum: ['cash', 'equity'], description: 'Equity only for shares received on investment (R5)' })
  @IsIn(['cash', 'equity'])
  form: 'cash' | 'equity';

  @ApiProperty({ example: 30000000, description: 'Amount in fen (or the recorded value of equity received)' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  amountFen: number;

  @ApiProperty({ example: '2026-06-01', description: 'Date received (Asia/Shanghai): the year the income counts for' })
  @Matches(CALENDAR_DATE)
  receivedOn: string;

  @ApiProperty({ example: '某某新能源有限公司' })
  @IsString()
  @MaxLength(200)
  payer: string;

  @ApiPropertyOptional({ example: 'INV-20260601-01' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  invoiceNumber?: string;

  @ApiProperty({
    example: '0b0c1f3e-5a1d-4a39-9d7e-1c2b3a4d5e6f',
    description:
      'The transfer case, equity investment or abandonment contract id on the register; for a technology contract, its registration number',
  })
  @IsString()
  @MaxLength(128)
  contractReference: string;

  @ApiProperty({ type: EvidenceRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => EvidenceRequest)
  evidence: EvidenceRequest;
}

export class RecordDeductibleCostRequest {
  @ApiProperty({ enum: COST_CATEGORIES })
  @IsIn(COST_CATEGORIES)
  category: CostCategory;

  @ApiProperty({ example: 2000000, description: 'Amount in fen' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  amountFen: number;

  @ApiProperty({ example: '2026-03-15', description: 'Date incurred (Asia/Shanghai): the year it is deducted from' })
  @Matches(CALENDAR_DATE)
  incurredOn: string;

  @ApiProperty({ example: '资产评估费' })
  @IsString()
  @MaxLength(500)
  description: string;

  @ApiProperty({ type: EvidenceRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => EvidenceRequest)
  evidence: EvidenceRequest;
}

export class CorrectLedgerEntryRequest {
  @ApiProperty({ description: 'The receipt or cost id being corrected' })
  @IsString()
  @MaxLength(128)
  entryId: string;

  @ApiProperty({ example: 29000000, description: 'The corrected amount in fen' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  amountFen: number;

  @ApiProperty({ example: '2026-06-01', description: 'The corrected date' })
  @Matches(CALENDAR_DATE)
  on: string;

  @ApiProperty({ example: '银行回单金额录入错误' })
  @IsString()
  @MaxLength(2_000)
  reason: string;

  @ApiProperty({ type: EvidenceRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => EvidenceRequest)
  evidence: EvidenceRequest;
}

export class RecordTechnologyContractRegistrationRequest {
  @ApiProperty({ example: '2026-4401-0012', description: 'The contract reference its receipts name' })
  @IsString()
  @MaxLength(128)
  contractReference: string;

  @ApiProperty({ example: '2026440100012345', description: 'Registration number given by the technology-market office (技术合同认定登记)' })
  @IsString()
  @MaxLength(64)
  registrationNumber: string;

  @ApiProperty({ example: '2026-05-20' })
  @Matches(CALENDAR_DATE)
  registeredOn: string;

  @ApiProperty({ type: EvidenceRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => EvidenceRequest)
  evidence: EvidenceRequest;
}
