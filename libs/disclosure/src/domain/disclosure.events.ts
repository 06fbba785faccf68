/**
 * Every event of a disclosure stream (`disclosure-<id>`), one union. Past tense, domain words.
 * Schema versions live in DISCLOSURE_SCHEMA_VERSIONS; bump one when its shape changes and add an
 * upcaster for the old one.
 */
export interface Inventor {
  userId: string;
  name: string;
  /** Contribution share in basis points (1/100 of a percent); shares total exactly 10000. */
  shareBasisPoints: number;
}

export interface DisclosureSubmitted {
  type: 'DisclosureSubmitted';
  disclosureId: string;
  title: string;
  technicalField: string;
  abstract: string;
  submittedBy: string;
  inventors: Inventor[];
  submittedAt: string;
}

export interface DisclosureAcknowledged {
  type: 'DisclosureAcknowledged';
  disclosureId: string;
  acknowledgedBy: string;
  acknowledgedAt: string;
}

/** The TTO let the acknowledgement deadline pass; the unit leader is told (R1: prompt handling). */
export interface DisclosureAcknowledgementOverdue {
  type: 'DisclosureAcknowledgementOverdue';
  disclosureId: string;
  dueAt: string;
  escalatedToRole: 'unit_leader';
  ruleKey: 'R1';
}

export type DisclosureEvent = DisclosureSubmitted | DisclosureAcknowledged | DisclosureAcknowledgementOverdue;

export const DISCLOSURE_SCHEMA_VERSIONS: Record<DisclosureEvent['type'], number> = {
  DisclosureSubmitted: 1,
  DisclosureAcknowledged: 1,
  DisclosureAcknowledgementOverdue: 1,
};

export const disclosureStreamId = (disclosureId: string): string => `disclosure-${disclosureId}`;
