import { ABANDONMENT_CONTRACT_PREFIX, abandonmentContractDecider } from '@chengguo/abandonment-contract';
import { DISCLOSURE_STREAM_PREFIX, disclosureDecider } from '@chengguo/disclosure';
import { registerAuditedProcess } from './audit-catalogue';

/**
 * One line per process library. Processes built later (abandonment contract `contract-`, transfer
 * case `transfer-case-`, exemption `exemption-`) add theirs here, e.g.
 *   registerAuditedProcess({ name: 'transfer-case', streamPrefix: 'transfer-case-', decider: transferCaseDecider });
 */
registerAuditedProcess({
  name: 'disclosure',
  streamPrefix: DISCLOSURE_STREAM_PREFIX,
  decider: disclosureDecider,
  citations: {
    DisclosureDrafted: ['R1'],
    DisclosureSubmitted: ['R1'],
    DisclosureAmended: ['R1'],
    DisclosureAcknowledged: ['R1'],
    DisclosureDeadlineMissed: ['R1'],
    EvaluatorAssigned: ['R2'],
    EvaluationRecorded: ['R2'],
    DisclosureDecided: ['R2', 'R3', 'R12'],
  },
});

registerAuditedProcess({
  name: 'abandonment-contract',
  streamPrefix: ABANDONMENT_CONTRACT_PREFIX,
  decider: abandonmentContractDecider,
  citations: {
    AbandonmentContractOpened: ['R3', 'R4'],
    ContractTermsAmended: ['R3'],
    PatentFeePaid: ['R3'],
    RevenueReported: ['R3'],
    PatentObligationsEnded: ['R3'],
  },
});
