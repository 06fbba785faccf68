import { ProblemCodes } from '@chengguo/common';
import { ApiProperty } from '@nestjs/swagger';

/** The contract process's refusals by status (abandonment-contract.errors.ts), documented on its operations. */
export const CONTRACT_REFUSALS: ProblemCodes = {
  403: ['ROLE_NOT_ALLOWED', 'R3_NOT_A_CONTRACT_INVENTOR'],
  404: ['CONTRACT_NOT_FOUND'],
  409: [
    'CONTRACT_ALREADY_OPEN',
    'CONTRACT_ALREADY_EXECUTED',
    'R3_CONTRACT_NOT_EXECUTED',
    'R3_OBLIGATIONS_ENDED',
    'CONTRACT_APPLICATION_NOT_FILED',
    'CONTRACT_APPLICATION_ALREADY_FILED',
    'CONTRACT_ALREADY_GRANTED',
    'CONTRACT_NOT_GRANTED',
    'R3_REVENUE_PERIOD_OVERLAPS',
  ],
  422: [
    'R3_UNIT_SHARE_OUT_OF_RANGE',
    'R3_TERM_OUT_OF_RANGE',
    'R3_END_OF_OBLIGATIONS_EVIDENCE_REQUIRED',
    'R3_END_OF_OBLIGATIONS_DATE_INVALID',
    'MONEY_NOT_WHOLE_FEN',
    'R3_REVENUE_PERIOD_INVALID',
  ],
};

class ContractTotalsView {
  @ApiProperty() revenueFen: number;
  @ApiProperty() deductibleCostsFen: number;
  @ApiProperty() deductedFen: number;
  @ApiProperty() costsCarriedForwardFen: number;
  @ApiProperty({ description: 'What the inventors owe the unit so far (R3), integer fen' }) unitShareFen: number;
}

class SignOffReference {
  @ApiProperty({ example: 'contract-signature', description: 'Sign at /sign-offs/abandonment-contract-{id}/{signOffId}/signatures' })
  signOffId: string;
  @ApiProperty({ type: String, nullable: true, description: 'The hash a signature binds to (null before the round opens)' })
  termsHash: string | null;
}

class EndOfObligationsView extends SignOffReference {
  @ApiProperty({ enum: ['requested', 'confirmed'] }) status: string;
  @ApiProperty({ enum: ['application_rejected', 'patent_lapsed'] }) cause: string;
  @ApiProperty({ format: 'date' }) endsOn: string;
  @ApiProperty() requestedBy: string;
}

/** One contract (GET /contracts/{id} and the list). */
export class ContractView {
  @ApiProperty({ format: 'uuid', description: 'The disclosure id' }) contractId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['negotiating', 'executed', 'ended'] }) status: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The terms every party signs (R3)' })
  terms: Record<string, unknown>;
  @ApiProperty({ type: [String] }) inventorIds: string[];
  @ApiProperty({ description: 'The "do not file" decision the contract rests on (R4)' }) decisionEventId: string;
  @ApiProperty() evaluationEventId: string;
  @ApiProperty({ type: String, nullable: true }) applicationNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) patentNumber: string | null;
  @ApiProperty({ type: SignOffReference, description: 'The round every party signs, with the hash of the current terms' })
  signature: SignOffReference;
  @ApiProperty({ type: EndOfObligationsView, nullable: true }) endOfObligations: EndOfObligationsView | null;
  @ApiProperty({ type: ContractTotalsView }) totals: ContractTotalsView;
  @ApiProperty({ description: 'Stream revision; send it as If-Match' }) revision: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ContractList {
  @ApiProperty({ type: [ContractView] }) items: ContractView[];
}

class RevenueEntryView {
  @ApiProperty({ format: 'uuid' }) contractId: string;
  @ApiProperty() revision: number;
  @ApiProperty({ enum: ['report', 'correction'] }) entry: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  @ApiProperty() revenueFen: number;
  @ApiProperty() deductedFen: number;
  @ApiProperty() netRevenueFen: number;
  @ApiProperty() shareBasisPoints: number;
  @ApiProperty() unitShareFen: number;
  @ApiProperty() costsCarriedForwardFen: number;
  @ApiProperty({ description: 'What this entry adds to the unit’s total' }) unitShareChangeFen: number;
  @ApiProperty() reportedBy: string;
  @ApiProperty({ format: 'date-time' }) reportedAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Why a correction was made' })
  cause: Record<string, unknown> | null;
}

class RevenueReportView extends RevenueEntryView {
  @ApiProperty({ description: 'A later correction changed its figures' }) corrected: boolean;
}

export class RevenueLedgerView {
  @ApiProperty({ format: 'uuid' }) contractId: string;
  @ApiProperty({ type: ContractTotalsView }) totals: ContractTotalsView;
  @ApiProperty({ type: [RevenueReportView], description: 'Each period as it stands now' }) reports: RevenueReportView[];
  @ApiProperty({ type: [RevenueEntryView], description: 'Every report and correction, in commit order' }) entries: RevenueEntryView[];
}
