import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

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
