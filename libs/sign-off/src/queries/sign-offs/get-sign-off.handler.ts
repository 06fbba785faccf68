import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GetSignOffQuery } from './get-sign-off.query';
import { SignOffRoundRow } from './sign-off-round.entity';

@QueryHandler(GetSignOffQuery)
export class GetSignOffHandler implements IQueryHandler<GetSignOffQuery, SignOffRoundRow | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ streamId, signOffId }: GetSignOffQuery): Promise<SignOffRoundRow | null> {
    return this.dataSource.getRepository(SignOffRoundRow).findOneBy({ streamId, signOffId });
  }
}
