import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

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
