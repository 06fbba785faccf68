import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DisclosureRegisterRow } from './disclosure-register.entity';
import { GetDisclosureQuery } from './get-disclosure.query';

@QueryHandler(GetDisclosureQuery)
export class GetDisclosureHandler implements IQueryHandler<GetDisclosureQuery, DisclosureRegisterRow | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ disclosureId }: GetDisclosureQuery): Promise<DisclosureRegisterRow | null> {
    return this.dataSource.getRepository(DisclosureRegisterRow).findOneBy({ disclosureId });
  }
}
