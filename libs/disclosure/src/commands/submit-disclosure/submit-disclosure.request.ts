import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

export class InventorRequest {
  @ApiProperty({ example: 'li.lei', description: 'User id of the inventor' })
  @IsString()
  @Matches(/^[\w.@:-]{1,128}$/)
  userId: string;

  @ApiProperty({ example: '李雷' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 6000, description: 'Contribution share in basis points; all shares total 10000' })
  @IsInt()
  @Min(1)
  @Max(10_000)
  shareBasisPoints: number;
}

export class SubmitDisclosureRequest {
  @ApiProperty({ example: '一种低温固态电池电解质' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title: string;

  @ApiProperty({ example: 'materials science' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  technicalField: string;

  @ApiProperty({ example: 'A solid electrolyte that conducts at -20 °C.' })
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  abstract: string;

  @ApiProperty({ type: [InventorRequest] })
  @ValidateNested({ each: true })
  @Type(() => InventorRequest)
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  inventors: InventorRequest[];
}
