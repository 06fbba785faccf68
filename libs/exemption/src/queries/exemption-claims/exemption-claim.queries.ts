import { achievementOfProcessStream, AchievementReadFacts, readableRows, ReadRecord, readRecordOf } from '@chengguo/achievement-register';
import { RequestActor } from '@chengguo/common';
import { SignOffRoundRow } from '@chengguo/sign-off';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { EXEMPTION_CONFIRMATION, EXEMPTION_DEPARTMENTS, exemptionClaimStreamId } from '../../domain/exemption.events';
import { ExemptionClaimByDecisionMakerRow, ExemptionClaimRow } from './exemption-claim.entities';

export class ListExemptionClaimsQuery extends Query<ExemptionClaimRow[]> {
  constructor(
    readonly viewer: RequestActor,
    readonly status?: string,
  ) {
    super();
  }
}
export class GetExemptionClaimQuery extends Query<ExemptionClaimRow | null> {
  constructor(
    readonly claimId: string,
    readonly viewer: RequestActor,
  ) {
    super();
  }
}

type ClaimRef = Pick<ExemptionClaimRow, 'claimId' | 'subjectStreamId'>;

/**
 * The register's achievement of each claim: the one its confirmation round names (the claim's
 * command read it from the register), else, for a claim about a disclosure's decision, the
 * disclosure's (one disclosure ↔ one achievement). A claim filed before rounds named one, on a
 * transfer case, has none on record and is read as unit-internal.
 */
async function achievementsOfClaims(source: DataSource | EntityManager, claims: readonly ClaimRef[]): Promise<Map<string, string>> {
  const rounds = claims.length
    ? await source.getRepository(SignOffRoundRow).find({
        select: { streamId: true, achievementId: true },
        where: { streamId: In(claims.map((c) => exemptionClaimStreamId(c.claimId))), signOffId: EXEMPTION_CONFIRMATION },
      })
    : [];
  const named = new Map(rounds.map((r) => [r.streamId, r.achievementId]));
  const result = new Map<string, string>();
  for (const claim of claims) {
    const id = named.get(exemptionClaimStreamId(claim.claimId)) ?? achievementOfProcessStream(claim.subjectStreamId);
    if (id) result.set(claim.claimId, id);
  }
  return result;
}

/**
 * Who reads a claim: the read policy over the achievement its decision concerns. Its parties are
 * the filer and the decision makers; the confirming departments and the unit's leader and TTO are
 * its offices; all of them only with the clearance the achievement demands.
 */
function claimRecord(claim: { filedBy: string; decisionMakerIds: string[] }, facts: AchievementReadFacts | undefined): ReadRecord {
  return readRecordOf('exemption_claim', facts, { partyUserIds: [claim.filedBy, ...claim.decisionMakerIds] });
}

async function readableClaims<Row extends ClaimRef>(
  source: DataSource | EntityManager,
  viewer: RequestActor,
  rows: Row[],
  partiesOf: (row: Row) => { filedBy: string; decisionMakerIds: string[] },
): Promise<Row[]> {
  const achievements = await achievementsOfClaims(source, rows);
  return readableRows(
    source,
    viewer,
    rows,
    (row) => achievements.get(row.claimId),
    (row, facts) => claimRecord(partiesOf(row), facts),
  );
}

const claimParties = (row: ExemptionClaimRow) => ({ filedBy: row.filedBy, decisionMakerIds: row.decisionMakers.map((d) => d.userId) });
/**
 * Who may read another person's exemption history (R13): the four confirming departments, the
 * auditor among them, and the unit's leader and TTO. Anyone may read their own.
 */
const HISTORY_READERS: readonly string[] = [...EXEMPTION_DEPARTMENTS, 'unit_leader', 'tto_officer'];

/** One decision-maker's history; null when `viewer` may not read it (the read side's filter). */
export class DecisionMakerHistoryQuery extends Query<ExemptionClaimByDecisionMakerRow[] | null> {
  constructor(
    readonly userId: string,
    readonly viewer: RequestActor,
  ) {
    super();
  }
}

@QueryHandler(ListExemptionClaimsQuery)
export class ListExemptionClaimsHandler implements IQueryHandler<ListExemptionClaimsQuery, ExemptionClaimRow[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  async execute({ viewer, status }: ListExemptionClaimsQuery): Promise<ExemptionClaimRow[]> {
    const rows = await this.dataSource
      .getRepository(ExemptionClaimRow)
      .find({ where: status ? { status } : {}, order: { updatedAt: 'DESC' } });
    return readableClaims(this.dataSource, viewer, rows, claimParties);
  }
}

@QueryHandler(GetExemptionClaimQuery)
export class GetExemptionClaimHandler implements IQueryHandler<GetExemptionClaimQuery, ExemptionClaimRow | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  async execute({ claimId, viewer }: GetExemptionClaimQuery): Promise<ExemptionClaimRow | null> {
    const row = await this.dataSource.getRepository(ExemptionClaimRow).findOneBy({ claimId });
    if (!row) return null;
    const [readable] = await readableClaims(this.dataSource, viewer, [row], claimParties);
    return readable ?? null;
  }
}

@QueryHandler(DecisionMakerHistoryQuery)
export class DecisionMakerHistoryHandler implements IQueryHandler<DecisionMakerHistoryQuery, ExemptionClaimByDecisionMakerRow[] | null> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  async execute({ userId, viewer }: DecisionMakerHistoryQuery): Promise<ExemptionClaimByDecisionMakerRow[] | null> {
    if (viewer.userId !== userId && !HISTORY_READERS.includes(viewer.role)) return null;
    const rows = await this.dataSource
      .getRepository(ExemptionClaimByDecisionMakerRow)
      .find({ where: { userId }, order: { filedAt: 'DESC' } });
    // Each entry is about one claim: it shows only if the viewer may read that claim (its achievement's clearance).
    // The decision maker is a party of every entry of their own history.
    return readableClaims(this.dataSource, viewer, rows, (row) => ({ filedBy: '', decisionMakerIds: [row.userId] }));
  }
}

export const EXEMPTION_QUERY_HANDLERS = [ListExemptionClaimsHandler, GetExemptionClaimHandler, DecisionMakerHistoryHandler];
