import { ABANDONMENT_CONTRACT_PREFIX, abandonmentContractDecider } from '@chengguo/abandonment-contract';
import { DISCLOSURE_STREAM_PREFIX, disclosureDecider } from '@chengguo/disclosure';
import { TRANSFER_CASE_STREAM_PREFIX, transferCaseDecider } from '@chengguo/transfer-publicity';
import { EXEMPTION_CLAIM_PREFIX, exemptionClaimDecider } from '@chengguo/exemption';
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

registerAuditedProcess({
  name: 'exemption-claim',
  streamPrefix: EXEMPTION_CLAIM_PREFIX,
  decider: exemptionClaimDecider,
  citations: { ExemptionClaimFiled: ['R13'], ExemptionFindingsRecorded: ['R13', 'R4'], ExemptionFindingOverridden: ['R13'], ExemptionGranted: ['R13'], ExemptionDenied: ['R13'] },
});

registerAuditedProcess({
  name: 'transfer-case',
  streamPrefix: TRANSFER_CASE_STREAM_PREFIX,
  decider: transferCaseDecider,
  citations: {
    TransferCaseOpened: ['R5', 'R6'],
    SupervisoryFilingRecorded: ['R5'],
    PublicityNoticePublished: ['R7'],
    PublicityPeriodCompleted: ['R7'],
    PublicityFailed: ['R7'],
    MarketResultRecorded: ['R6'],
    TechnologyContractRegistered: ['R8'],
    TransferExecuted: ['R8'],
  },
});
