import { readableRow } from '@chengguo/achievement-register';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GetSignOffQuery } from './get-sign-off.query';
import { SignOffRoundRow } from './sign-off-round.entity';
import { achievementOfRound, signOffRecord } from './sign-off-read';

@QueryHandler(GetSignOffQuery)
export class GetSignOffHandler implements IQueryHandler<GetSignOffQuery, SignOffRoundRow | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ streamId, signOffId, viewer }: GetSignOffQuery): Promise<SignOffRoundRow | null> {
    const row = await this.dataSource.getRepository(SignOffRoundRow).findOneBy({ streamId, signOffId });
    return readableRow(this.dataSource, viewer, row, achievementOfRound, signOffRecord);
  }
}
