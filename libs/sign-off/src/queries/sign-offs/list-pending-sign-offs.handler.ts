import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { ListPendingSignOffsQuery } from './list-pending-sign-offs.query';
import { SignOffPendingRow } from './sign-off-pending.entity';

/**
 * Pending parties the actor may act for, matching the decider's party resolution: a party named
 * for them, one delegated to them while they hold its role, or a role-only party of their role.
 */
@QueryHandler(ListPendingSignOffsQuery)
export class ListPendingSignOffsHandler implements IQueryHandler<ListPendingSignOffsQuery, SignOffPendingRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ actor, actionableOnly }: ListPendingSignOffsQuery): Promise<SignOffPendingRow[]> {
    const query = this.dataSource
      .getRepository(SignOffPendingRow)
      .createQueryBuilder('p')
      .where(
        new Brackets((mine) =>
          mine
            .where('(p.userId = :userId AND p.role = :role)')
            .orWhere('(p.delegateUserId = :userId AND p.role = :role)')
            .orWhere('(p.userId IS NULL AND p.role = :role)'),
        ),
      )
      .setParameters({ userId: actor.userId, role: actor.role });
    if (actionableOnly) query.andWhere('p.actionable = true');
    return query
      .orderBy('p.deadline', 'ASC')
      .addOrderBy('p.streamId', 'ASC')
      .addOrderBy('p.signOffId', 'ASC')
      .addOrderBy('p.partyId', 'ASC')
      .getMany();
  }
}
