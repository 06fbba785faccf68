import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

const STREAM_ID = /^[a-z][a-z0-9-]{2,120}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ExemptionSubjectRequest {
  @ApiProperty({ enum: ['abandonment_decision', 'transfer_approval', 'equity_investment'] })
  @IsIn(['abandonment_decision', 'transfer_approval', 'equity_investment'])
  kind: 'abandonment_decision' | 'transfer_approval' | 'equity_investment';

  @ApiProperty({ example: 'disclosure-6f0c…', description: 'disclosure-<id> (abandonment) or transfer-case-<id>' })
  @Matches(STREAM_ID)
  streamId: string;

  @ApiProperty({ description: 'DisclosureDecided (do not file), or the approval’s SignOffRoundClosed / TransferExecuted' })
  @Matches(UUID)
  eventId: string;
}

export class DecisionMakerRequest {
  @ApiProperty() @Matches(/^[\w.@:-]{1,128}$/) userId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(100) name?: string;
}

export class FileExemptionClaimRequest {
  @ApiProperty({ type: ExemptionSubjectRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => ExemptionSubjectRequest)
  subject: ExemptionSubjectRequest;

  @ApiProperty({ type: [DecisionMakerRequest] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DecisionMakerRequest)
  decisionMakers: DecisionMakerRequest[];

  @ApiProperty({ description: 'Loss or decrease in value, whole fen' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  lossOrValueChangeFen: number;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(10_000) description: string;

  @ApiProperty({ type: [String], description: 'Positive-list item ids (双清单) the claim asserts, from the list in force' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  assertedPositiveItemIds: string[];
}

export class OverrideRequest {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(10_000) reasons: string;
}

export class ListItemRequest {
  @ApiProperty({ example: 'P1' }) @Matches(/^[A-Z][A-Z0-9-]{0,31}$/) id: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2_000) text: string;
}

export class PublishExemptionListsRequest {
  @ApiProperty({ example: '2026-07-01T00:00:00+08:00' }) @IsISO8601({ strict: true }) effectiveFrom: string;

  @ApiProperty({ type: [ListItemRequest] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ListItemRequest)
  positive: ListItemRequest[];

  @ApiProperty({ type: [ListItemRequest] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ListItemRequest)
  negative: ListItemRequest[];
}

export class ConfirmationSignatureRequest {
  @ApiProperty({ description: 'SHA-256 of the confirmation terms, as GET /exemption-claims/{id} shows it (confirmation.termsHash)' })
  @Matches(/^[0-9a-f]{64}$/)
  termsHash: string;
}

export class ConfirmationRejectionRequest {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(10_000) reason: string;
}
