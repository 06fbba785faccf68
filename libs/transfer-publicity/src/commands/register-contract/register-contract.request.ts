import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

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
