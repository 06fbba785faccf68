import { readableRows } from '@chengguo/achievement-register';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { ListPendingSignOffsQuery } from './list-pending-sign-offs.query';
import { SignOffPendingRow } from './sign-off-pending.entity';
import { SignOffRoundRow } from './sign-off-round.entity';
import { achievementOfRound, conflictedFor, signOffRecord } from './sign-off-read';

/**
 * Pending parties the actor may act for, matching the decider's party resolution: a party named
 * for them, one delegated to them while they hold its role, or a role-only party of their role —
 * without the rounds they are conflicted on (R4, R13: the decider would refuse them) or may not
 * read (the read policy: a round's subject names its achievement).
 */
@QueryHandler(ListPendingSignOffsQuery)
export class ListPendingSignOffsHandler implements IQueryHandler<ListPendingSignOffsQuery, SignOffPendingRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ actor, actionableOnly }: ListPendingSignOffsQuery): Promise<SignOffPendingRow[]> {
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
    const pending = await query
      .orderBy('p.deadline', 'ASC')
      .addOrderBy('p.streamId', 'ASC')
      .addOrderBy('p.signOffId', 'ASC')
      .addOrderBy('p.partyId', 'ASC')
      .getMany();
    if (pending.length === 0) return [];
    const rounds = await this.dataSource
      .getRepository(SignOffRoundRow)
      .createQueryBuilder('r')
      .where('(r.streamId, r.signOffId) IN (SELECT unnest(CAST(:streams AS text[])), unnest(CAST(:signOffs AS text[])))', {
        streams: pending.map((p) => p.streamId),
        signOffs: pending.map((p) => p.signOffId),
      })
      .getMany();
    const roundOf = new Map(rounds.map((r) => [`${r.streamId}\u0000${r.signOffId}`, r]));
    const readable = new Set(
      (await readableRows(this.dataSource, actor, rounds, achievementOfRound, signOffRecord)).map(
        (r) => `${r.streamId}\u0000${r.signOffId}`,
      ),
    );
    return pending.filter((p) => {
      const key = `${p.streamId}\u0000${p.signOffId}`;
      const round = roundOf.get(key);
      return round !== undefined && readable.has(key) && !conflictedFor(round, p, actor.userId);
    });
  }
}
