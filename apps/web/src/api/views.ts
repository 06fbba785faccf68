/**
 * What the read endpoints answer with. The OpenAPI document does not describe most response bodies
 * yet, so the generated schema types requests and paths and these types the rows the pages show.
 */
export interface Inventor {
  userId: string;
  name: string;
  shareBasisPoints: number;
}

export interface Attachment {
  name: string;
  sha256: string;
  sizeBytes: number;
}

export interface DisclosureContent {
  title: string;
  abstract: string;
  technicalField: string;
  funding: { kind: 'fiscal' | 'enterprise' | 'self_funded' | 'other'; projectNumber?: string };
  conceptionDate: string;
  confidentiality: 'public' | 'internal' | 'commercial_secret' | 'state_secret';
  involvesNationalSecurity: boolean;
  isKeyCoreTechnology: boolean;
  inventors: Inventor[];
  attachments: Attachment[];
}

export interface DisclosureView {
  disclosureId: string;
  title: string;
  technicalField: string;
  confidentiality: string;
  supervisoryFilingRequired: boolean;
  draftedBy: string;
  inventors: Inventor[];
  status: string;
  evaluatorId: string | null;
  evaluationId: string | null;
  recommendation: string | null;
  decision: string | null;
  decisionReasons: string | null;
  decidedBy: string | null;
  openQuestion: string | null;
  draftedAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  overdueReasons: string[];
  content: DisclosureContent;
  revision: number;
}

export interface PendingSignOff {
  streamId: string;
  signOffId: string;
  partyId: string;
  round: number;
  subject: string;
  role: string;
  userId: string | null;
  delegateUserId: string | null;
  actionable: boolean;
  overdue: boolean;
  deadline: string;
}

export interface SignOffParty {
  partyId: string;
  role: string;
  userId: string | null;
  decision: string;
  decidedBy: string | null;
  decidedAt: string | null;
  delegation: { fromUserId: string; toUserId: string; used: boolean } | null;
}

export interface SignOffRound {
  streamId: string;
  signOffId: string;
  round: number;
  subject: string;
  status: 'open' | 'expired' | 'closed';
  outcome: string | null;
  termsHash: string;
  deadline: string;
  ruleKeys: string[];
  parties: SignOffParty[];
  revision: number;
}

export interface TransferCaseView {
  caseId: string;
  achievementKind: string;
  achievementId: string;
  achievementName: string;
  mode: string;
  licenseExclusivity: string | null;
  pricingMethod: string;
  counterparty: { name: string; creditCode?: string } | null;
  priceFen: number;
  status: string;
  supervisoryFilingRequired: boolean;
  supervisoryFilingNumber: string | null;
  publicityRound: number | null;
  publicityPeriodEndsAt: string | null;
  market: Record<string, unknown> | null;
  approvalTermsHash: string | null;
  approvalOutcome: string | null;
  registrationNumber: string | null;
  registeredOn: string | null;
  executedAt: string | null;
  rewardEligible: boolean | null;
  flags: string[];
  openedBy: string;
  openedAt: string;
  revision: number;
}

export interface ObjectionView {
  objectionId: string;
  reason: string;
  raisedBy: string;
  raisedAt: string;
  status: string;
}

export interface NoticeView {
  caseId: string;
  round: number;
  achievement: { kind: string; id: string; name: string };
  proposedPriceFen: number;
  days: number;
  publishedAt: string;
  periodEndsAt: string;
  daysRemaining: number;
  awaitingObjectionResolution: boolean;
  objections?: ObjectionView[];
}

export interface AchievementView {
  achievementId: string;
  kind: string | null;
  title: string;
  status: string;
  owner: { kind: string };
  inventors: Inventor[];
  classification: { confidentiality: string; nationalSecurity: boolean; keyCoreTechnology: boolean };
  r5FilingRequired: boolean;
  filingDecision: string | null;
  rights: { applicationNumber?: string; patentNumber?: string };
  openCaseIds: string[];
  disclosureId: string | null;
  registeredAt: string | null;
}

export interface ContractView {
  contractId?: string;
  disclosureId?: string;
  status: string;
  terms?: Record<string, unknown> | null;
  [key: string]: unknown;
}

export interface AuditedEvent {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { userId: string; role: string } | null;
  ruleKeys: string[];
  data: unknown;
  hash: string | null;
  verification: string;
}
