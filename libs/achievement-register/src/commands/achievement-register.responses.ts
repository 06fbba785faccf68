import { CommandAccepted, ProblemCodes } from '@chengguo/common';
import { ApiProperty } from '@nestjs/swagger';

/** The register's refusals by status (achievement.errors.ts), documented on its operations. */
export const ACHIEVEMENT_REFUSALS: ProblemCodes = {
  403: ['ROLE_NOT_ALLOWED'],
  404: ['ACHIEVEMENT_NOT_REGISTERED'],
  409: [
    'ACHIEVEMENT_ALREADY_REGISTERED',
    'ACHIEVEMENT_WRONG_STATUS',
    'R12_NOT_A_PATENT',
    'R12_RIGHT_ALREADY_RECORDED',
    'R12_GRANT_WITHOUT_APPLICATION',
    'R2_FILING_ALREADY_DECIDED',
    'R3_NO_DECISION_NOT_TO_FILE',
    'R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT',
    'R11_CO_OWNERS_CONSENT_REQUIRED',
    'R5_ACHIEVEMENT_NOT_TRANSFORMABLE',
    'R5_CLASSIFICATION_LOCKED_WHILE_CASE_OPEN',
    'R5_TRANSFORMATION_CASE_OPEN',
    'TRANSFORMATION_CASE_NOT_OPEN',
    'R5_CASE_ALREADY_INVESTED',
    'R5_INVESTMENT_NOT_ON_RECORD',
    'R5_LICENCE_NOT_ON_RECORD',
    'R12_NO_ANNUITY_DUE',
    'R12_ANNUITY_YEAR_NOT_NEXT',
    'R12_ANNUITY_ALREADY_PAID',
    'R12_ANNUITY_GRACE_PERIOD_OVER',
    'R12_ANNUITY_GRACE_PERIOD_RUNNING',
    'R12_ANNUITY_NOT_YET_DUE',
    'R12_RIGHT_LAPSED',
    'R12_LAPSE_PROPOSAL_OPEN',
    'R12_NO_LAPSE_DECISION',
  ],
  422: [
    'R12_EVIDENCE_REQUIRED',
    'R12_REASON_REQUIRED',
    'R12_TITLE_REQUIRED',
    'R12_NO_INVENTORS',
    'R12_DUPLICATE_INVENTOR',
    'R12_SHARES_NOT_100_PERCENT',
    'R12_INVALID_DATE',
    'R12_RIGHT_NUMBER_REQUIRED',
    'R5_TRANSFEREE_REQUIRED',
    'MONEY_NOT_WHOLE_FEN',
    'R11_GRANTEES_NOT_INVENTORS',
    'R11_SHARES_INVALID',
  ],
};

export class AchievementRegisteredAnswer extends CommandAccepted {
  @ApiProperty({ format: 'uuid', description: 'The new achievement; also in the Location header' }) achievementId: string;
}

/** One ledger row (GET /achievements). */
export class AchievementLedgerItem {
  @ApiProperty() achievementId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true, example: 'invention_patent' }) kind: string | null;
  @ApiProperty({ example: 'granted' }) status: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The unit, the inventors (R3) or co-owners (R11)' })
  owner: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) inventors: unknown[];
  @ApiProperty({ type: 'object', additionalProperties: true }) classification: Record<string, unknown>;
  @ApiProperty({ description: 'R5: transforming it needs a supervisory filing' }) r5FilingRequired: boolean;
  @ApiProperty({ type: String, nullable: true }) filingDecision: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) rights: Record<string, unknown>;
  @ApiProperty({ type: [String], description: 'Transfer cases open on it' }) openCaseIds: string[];
  @ApiProperty({ type: String, nullable: true }) disclosureId: string | null;
  @ApiProperty() irregularityCount: number;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'R12: the next annual fee is due by this date' })
  nextDueDate: string | null;
  @ApiProperty({
    example: 'due',
    enum: [
      'not_applicable',
      'awaiting_grant',
      'due',
      'in_grace_period',
      'lapse_proposed',
      'lapsed',
      'paid_to_term',
      'not_maintained_by_unit',
    ],
    description: 'R12 rights maintenance',
  })
  annuityStatus: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) registeredAt: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ description: 'Stream revision; send it as If-Match' }) revision: number;
}

export class EquityHoldingView {
  @ApiProperty({ type: 'integer', nullable: true }) shares: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Capital contribution held, fen' }) capitalContributionFen: number | null;
  @ApiProperty({ description: 'Basis points (1 % = 100); 0 once all is sold' }) shareholdingBasisPoints: number;
}

export class EquityInvestmentOnRecordView {
  @ApiProperty({ format: 'uuid', description: 'GET /equity-investments/{investmentId}' }) investmentId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: 'object', properties: { name: { type: 'string' }, creditCode: { type: 'string' } } })
  company: { name: string; creditCode: string };
  @ApiProperty({ type: 'integer', nullable: true, description: 'The value the shares were received at, fen' }) valueFen: number | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-05-20' }) registeredOn: string | null;
  @ApiProperty({ type: EquityHoldingView, nullable: true, description: 'Null until the shares are recorded' })
  holding: EquityHoldingView | null;
}

export class LicenseeOnRecordView {
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['sme', 'large', 'individual', 'research_institute', 'other'] }) class: string;
}

export class LicenceTermView {
  @ApiProperty({ format: 'date' }) startsOn: string;
  @ApiProperty({ format: 'date' }) endsOn: string;
}

export class UncuredDefaultView {
  @ApiProperty({ example: 'royalty:2026-Q4', description: 'The obligation left unmet' }) itemKey: string;
  @ApiProperty({ format: 'date', description: 'The day its cure period ended' }) on: string;
}

export class LicenceOnRecordView {
  @ApiProperty({ format: 'uuid', description: 'GET /licences/{licenceId}; the id of the transfer case that priced it' }) licenceId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: LicenseeOnRecordView }) licensee: LicenseeOnRecordView;
  @ApiProperty({ enum: ['exclusive', 'sole', 'non_exclusive'] }) exclusivity: string;
  @ApiProperty() territory: string;
  @ApiProperty() fieldOfUse: string;
  @ApiProperty({ type: LicenceTermView }) term: LicenceTermView;
  @ApiProperty({ description: 'R15: licensed to use first and pay later (stays true once converted; see convertedToPaidOn)' })
  useFirstPayLater: boolean;
  @ApiProperty({ format: 'date', description: 'The day its case was executed (R8)' }) effectiveOn: string;
  @ApiProperty({ enum: ['in_effect', 'terminated'] }) status: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'R15: converted to a paid licence on this date' })
  convertedToPaidOn: string | null;
  @ApiProperty({
    type: [UncuredDefaultView],
    description: 'Obligations whose cure period ended unmet (the licence itself shows whether they were paid since)',
  })
  uncuredDefaults: UncuredDefaultView[];
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'The termination round closed signed on this date' })
  terminatedOn: string | null;
}

/** One achievement in full (GET /achievements/{id}). */
export class AchievementDetail extends AchievementLedgerItem {
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'How it entered the register' })
  origin: Record<string, unknown> | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The process streams linked to it: disclosure, contracts, cases',
  })
  links: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) irregularities: unknown[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'R12 rights maintenance: the fee due next, the fees paid, a lapse proposed (with its sign-off) or recorded',
  })
  annuities: Record<string, unknown>;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'R11: long-term use rights granted to inventors while the unit stays owner',
  })
  useRights: unknown[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'R11 (ADR 24): the unit’s own share of the income from transforming it (shareBasisPoints; basis sole, agreement or ownership_share; agreementId)',
  })
  unitIncomeShare: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'R11: the revenue split the co-ownership agreement signed (unitShareBasisPoints, coOwners), or null',
  })
  revenueSplit: Record<string, unknown> | null;
  @ApiProperty({
    type: [EquityInvestmentOnRecordView],
    description: 'R5: equity investments (作价投资) made with it: the company, the value received at, the unit’s holding now',
  })
  equityInvestments: EquityInvestmentOnRecordView[];
  @ApiProperty({
    type: [LicenceOnRecordView],
    description: 'R5, R15: licences (许可) of it that took effect: the licensee, scope, term and standing now',
  })
  licences: LicenceOnRecordView[];
}

export class AchievementLedgerPage {
  @ApiProperty({ type: [AchievementLedgerItem] }) items: AchievementLedgerItem[];
  @ApiProperty({ type: String, nullable: true, description: 'Send as cursor for the next page; null on the last' })
  nextCursor: string | null;
}
