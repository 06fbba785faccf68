import { csvDocument } from '@chengguo/common';
import { ownerLabel, unitIncomeShareOf } from '../../domain/achievement.decider';
import { AchievementRegisterRow } from './achievement-register.entity';

/** The API's view of a ledger row: the flat facts, dates as ISO strings, the revision as a number. */
export function ledgerItem(row: AchievementRegisterRow): Record<string, unknown> {
  return {
    achievementId: row.achievementId,
    title: row.title,
    kind: row.kind,
    status: row.status,
    owner: row.owner,
    inventors: row.inventors,
    classification: row.classification,
    r5FilingRequired: row.r5FilingRequired,
    filingDecision: row.filingDecision,
    rights: row.rights,
    openCaseIds: row.openCaseIds,
    disclosureId: row.disclosureId,
    irregularityCount: row.irregularityCount,
    nextDueDate: row.nextDueDate,
    annuityStatus: row.annuityStatus,
    registeredAt: row.registeredAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    revision: Number(row.revision),
  };
}

/** One achievement in full: how it entered the register, the processes linked to it, what was noted. */
export function ledgerDetail(row: AchievementRegisterRow): Record<string, unknown> {
  const annuities = row.state.annuities;
  return {
    ...ledgerItem(row),
    origin: row.state.origin,
    links: row.state.links,
    irregularities: row.state.irregularities,
    // R12 rights maintenance: the fee due next, what was paid, a lapse proposed or recorded.
    annuities: {
      status: row.annuityStatus,
      nextDueDate: row.nextDueDate,
      graceEndsOn: row.graceEndsOn,
      paid: annuities?.paid ?? [],
      lapseProposal: annuities?.lapseProposal ?? null,
      lapse: annuities?.lapse ?? null,
      lapseSignOff: row.state.signOffs?.['right-lapse']
        ? {
            streamId: `achievement-${row.achievementId}`,
            signOffId: 'right-lapse',
            round: row.state.signOffs['right-lapse'].round,
            termsHash: row.state.signOffs['right-lapse'].termsHash,
            status: row.state.signOffs['right-lapse'].status,
            outcome: row.state.signOffs['right-lapse'].outcome,
          }
        : null,
    },
    useRights: row.state.useRights ?? [],
    // R11 (ADR 24): how much of the income from transforming it is the unit's own, and the agreement's split.
    unitIncomeShare: unitIncomeShareOf(row.state),
    revenueSplit: row.state.incomeSplit?.revenueSplit ?? null,
    // R5: each equity investment with the company and the unit's holding now.
    equityInvestments: row.state.equityInvestments ?? [],
    // R5, R15: each licence that took effect, with its licensee, scope and standing.
    licences: row.state.licences ?? [],
  };
}

const CSV_COLUMNS: Array<[header: string, value: (row: AchievementRegisterRow) => string | number | boolean | null]> = [
  ['achievementId', (r) => r.achievementId],
  ['title', (r) => r.title],
  ['kind', (r) => r.kind],
  ['status', (r) => r.status],
  ['owner', (r) => ownerLabel(r.owner)],
  ['inventors', (r) => r.inventors.map((i) => `${i.name} (${i.userId}) ${(i.shareBasisPoints / 100).toFixed(2)}%`).join('; ')],
  ['confidentiality', (r) => r.confidentiality],
  ['nationalSecurity', (r) => r.classification.nationalSecurity],
  ['keyCoreTechnology', (r) => r.classification.keyCoreTechnology],
  ['r5FilingRequired', (r) => r.r5FilingRequired],
  ['filingDecision', (r) => r.filingDecision],
  ['patentKind', (r) => r.rights.patentKind],
  ['applicationNumber', (r) => r.rights.applicationNumber],
  ['filingDate', (r) => r.rights.filingDate],
  ['patentNumber', (r) => r.rights.patentNumber],
  ['grantDate', (r) => r.rights.grantDate],
  ['openCaseIds', (r) => r.openCaseIds.join(' ')],
  ['disclosureId', (r) => r.disclosureId],
  ['irregularityCount', (r) => r.irregularityCount],
  ['nextDueDate', (r) => r.nextDueDate],
  ['annuityStatus', (r) => r.annuityStatus],
  ['registeredAt', (r) => r.registeredAt?.toISOString() ?? null],
  ['updatedAt', (r) => r.updatedAt.toISOString()],
];

/** The ledger as CSV: UTF-8 with a byte-order mark (spreadsheets then read Chinese), a header row, CRLF lines. */
export function ledgerCsv(rows: readonly AchievementRegisterRow[]): string {
  return csvDocument(CSV_COLUMNS, rows);
}
