import {
  AchievementClassification,
  achievementIdOfDisclosure,
  AchievementReadFacts,
  readableRow,
  readableRows,
  ReadRecord,
  readRecordOf,
} from '@chengguo/achievement-register';
import { RequestActor } from '@chengguo/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Attachment } from '../../domain/disclosure.events';
import { DisclosureRow } from './disclosure.entity';

/**
 * Who sees a disclosure: the read policy (`readAccess`) with the register's classification of its
 * achievement (the disclosure's own, until the register holds it). Its inventors always; its
 * evaluator, the offices, auditors and oversight (R13 examines the filing decision) with the
 * clearance it demands. A draft is not yet the co-inventors': only its drafter reads it as inventor.
 */
export function disclosureRecord(row: DisclosureRow, facts: AchievementReadFacts | undefined): ReadRecord {
  const content = row.state?.content;
  return readRecordOf('disclosure', row.status === 'draft' ? undefined : facts, {
    classification: {
      confidentiality: row.confidentiality as AchievementClassification['confidentiality'],
      nationalSecurity: content?.involvesNationalSecurity ?? false,
      keyCoreTechnology: content?.isKeyCoreTechnology ?? false,
    },
    inventorIds: row.status === 'draft' ? [row.draftedBy] : row.inventorIds,
    partyUserIds: row.evaluatorId ? [row.evaluatorId] : [],
  });
}

const achievementOf = (row: DisclosureRow): string => achievementIdOfDisclosure(row.disclosureId);

export function readableDisclosures(dataSource: DataSource, viewer: RequestActor, rows: DisclosureRow[]): Promise<DisclosureRow[]> {
  return readableRows(dataSource, viewer, rows, achievementOf, disclosureRecord);
}

/** One disclosure as `viewer` may see it; null when it does not exist or is not theirs to see. */
export class GetDisclosureQuery extends Query<DisclosureRow | null> {
  constructor(
    readonly disclosureId: string,
    readonly viewer: RequestActor,
  ) {
    super();
  }
}

/** An inventor's own disclosures: every one they are named on, drafts included. */
export class MyDisclosuresQuery extends Query<DisclosureRow[]> {
  constructor(readonly actor: RequestActor) {
    super();
  }
}

/** An evaluator's work: the disclosures assigned to them (R2), awaiting their evaluation first. */
export class AssignedEvaluationsQuery extends Query<DisclosureRow[]> {
  constructor(readonly viewer: RequestActor) {
    super();
  }
}

/** The TTO work queue: submitted and not yet decided, overdue first, then by due date. */
export class TtoWorkQueueQuery extends Query<DisclosureRow[]> {
  constructor(readonly viewer: RequestActor) {
    super();
  }
}

/** The unit ledger (台账, R12): every submitted achievement with its status and decision. */
export class UnitLedgerQuery extends Query<DisclosureRow[]> {
  constructor(
    readonly viewer: RequestActor,
    readonly status?: string,
  ) {
    super();
  }
}

/**
 * An attachment as listed by a disclosure `viewer` may see (the first one, newest first), or null:
 * who may read a disclosure may read the files it lists, nobody else learns that they exist.
 */
export class DisclosureAttachmentQuery extends Query<Attachment | null> {
  constructor(
    readonly sha256: string,
    readonly viewer: RequestActor,
  ) {
    super();
  }
}

const QUEUE_STATUSES = [
  'awaiting_confirmation',
  'returned_for_amendment',
  'confirmed',
  'acknowledged',
  'clarification_requested',
  'under_evaluation',
  'evaluated',
];

@QueryHandler(GetDisclosureQuery)
export class GetDisclosureHandler implements IQueryHandler<GetDisclosureQuery, DisclosureRow | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  async execute({ disclosureId, viewer }: GetDisclosureQuery): Promise<DisclosureRow | null> {
    const row = await this.dataSource.getRepository(DisclosureRow).findOneBy({ disclosureId });
    return readableRow(this.dataSource, viewer, row, achievementOf, disclosureRecord);
  }
}

@QueryHandler(MyDisclosuresQuery)
export class MyDisclosuresHandler implements IQueryHandler<MyDisclosuresQuery, DisclosureRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  execute({ actor }: MyDisclosuresQuery): Promise<DisclosureRow[]> {
    return this.dataSource
      .getRepository(DisclosureRow)
      .createQueryBuilder('d')
      .where(':userId = ANY(d.inventorIds)', { userId: actor.userId })
      .andWhere("(d.status <> 'draft' OR d.draftedBy = :userId)", { userId: actor.userId })
      .orderBy('d.updatedAt', 'DESC')
      .getMany();
  }
}

@QueryHandler(AssignedEvaluationsQuery)
export class AssignedEvaluationsHandler implements IQueryHandler<AssignedEvaluationsQuery, DisclosureRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  async execute({ viewer }: AssignedEvaluationsQuery): Promise<DisclosureRow[]> {
    const rows = await this.dataSource
      .getRepository(DisclosureRow)
      .createQueryBuilder('d')
      .where('d.evaluatorId = :userId', { userId: viewer.userId })
      .orderBy('d.updatedAt', 'DESC')
      .getMany();
    const open = (row: DisclosureRow) => (row.status === 'under_evaluation' ? 0 : 1);
    return (await readableDisclosures(this.dataSource, viewer, rows)).sort((a, b) => open(a) - open(b));
  }
}

@QueryHandler(TtoWorkQueueQuery)
export class TtoWorkQueueHandler implements IQueryHandler<TtoWorkQueueQuery, DisclosureRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  async execute({ viewer }: TtoWorkQueueQuery): Promise<DisclosureRow[]> {
    const rows = await this.dataSource
      .getRepository(DisclosureRow)
      .createQueryBuilder('d')
      .where('d.status IN (:...statuses)', { statuses: QUEUE_STATUSES })
      .orderBy('d.overdue', 'DESC')
      .addOrderBy('d.dueAt', 'ASC', 'NULLS LAST')
      .addOrderBy('d.submittedAt', 'ASC')
      .getMany();
    return readableDisclosures(this.dataSource, viewer, rows);
  }
}

@QueryHandler(UnitLedgerQuery)
export class UnitLedgerHandler implements IQueryHandler<UnitLedgerQuery, DisclosureRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  async execute({ viewer, status }: UnitLedgerQuery): Promise<DisclosureRow[]> {
    const query = this.dataSource.getRepository(DisclosureRow).createQueryBuilder('d').where("d.status <> 'draft'");
    if (status) query.andWhere('d.status = :status', { status });
    return readableDisclosures(this.dataSource, viewer, await query.orderBy('d.submittedAt', 'DESC').getMany());
  }
}

@QueryHandler(DisclosureAttachmentQuery)
export class DisclosureAttachmentHandler implements IQueryHandler<DisclosureAttachmentQuery, Attachment | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  async execute({ sha256, viewer }: DisclosureAttachmentQuery): Promise<Attachment | null> {
    const rows = await this.dataSource
      .getRepository(DisclosureRow)
      .createQueryBuilder('d')
      .where(`d.state -> 'content' -> 'attachments' @> CAST(:needle AS jsonb)`, { needle: JSON.stringify([{ sha256 }]) })
      .orderBy('d.updatedAt', 'DESC')
      .getMany();
    // The one read policy decides: any disclosure listing the file that the viewer may read.
    const [row] = await readableDisclosures(this.dataSource, viewer, rows);
    return row?.state.content?.attachments.find((a) => a.sha256 === sha256) ?? null;
  }
}

export const DISCLOSURE_QUERY_HANDLERS = [
  DisclosureAttachmentHandler,
  GetDisclosureHandler,
  MyDisclosuresHandler,
  AssignedEvaluationsHandler,
  TtoWorkQueueHandler,
  UnitLedgerHandler,
];
