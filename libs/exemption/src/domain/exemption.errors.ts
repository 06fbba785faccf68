import { DomainRuleViolation } from '@chengguo/kernel';
import type { ExemptionLists } from './exemption-lists';
import type { NegativeListHit } from './exemption.events';

export const ExemptionErrors = {
  notFound: () => new DomainRuleViolation('EXEMPTION_CLAIM_NOT_FOUND', 404, 'No such exemption claim.'),
  alreadyFiled: () => new DomainRuleViolation('EXEMPTION_CLAIM_ALREADY_FILED', 409, 'This claim is already filed.'),
  roleNotAllowed: (roles: readonly string[]) =>
    new DomainRuleViolation('ROLE_NOT_ALLOWED', 403, `Only ${roles.join(', ')} may do this.`, { allowedRoles: [...roles] }),
  subjectNotADecision: (reason: string) =>
    new DomainRuleViolation('R13_SUBJECT_NOT_A_DECISION', 422, `The claim names no decision on record: ${reason}`),
  noDecisionMakers: () =>
    new DomainRuleViolation('R13_DECISION_MAKERS_REQUIRED', 422, 'A claim names the decision-makers it is for (R13).'),
  descriptionRequired: () => new DomainRuleViolation('R13_DESCRIPTION_REQUIRED', 422, 'A claim describes the loss or value change (R13).'),
  badAmount: () => new DomainRuleViolation('MONEY_NOT_WHOLE_FEN', 422, 'Amounts are non-negative whole fen.'),
  unknownListItems: (ids: string[], version: number) =>
    new DomainRuleViolation('R13_UNKNOWN_LIST_ITEM', 422, `Not on positive list version ${version}: ${ids.join(', ')} (R13 双清单).`, {
      unknownItemIds: ids,
      listVersion: version,
    }),
  positiveItemRequired: (version: number) =>
    new DomainRuleViolation(
      'R13_POSITIVE_ITEM_REQUIRED',
      422,
      `A claim asserts at least one item of positive list version ${version} (R13 双清单).`,
      { listVersion: version },
    ),
  /** The first hit's code names the refusing rule; every hit is listed with its evidence. */
  negativeListHit: (hits: NegativeListHit[], lists: ExemptionLists) =>
    new DomainRuleViolation(
      hits[0].code,
      409,
      `The record shows a negative-list item (R13 负面清单): ${hits.map((h) => h.detail).join(' ')}`,
      {
        negativeListHits: hits.map((h) => ({ ...h, onListVersion: lists.negative.some((i) => i.id === h.itemId) ? lists.version : null })),
      },
    ),
  noFailedFinding: () => new DomainRuleViolation('R13_NO_FAILED_FINDING', 409, 'Every finding passed; there is nothing to override (R13).'),
  alreadyOverridden: (department: string) =>
    new DomainRuleViolation('R13_ALREADY_OVERRIDDEN', 409, `${department} has already recorded its override (R13).`),
  reasonsRequired: () => new DomainRuleViolation('R13_OVERRIDE_REASONS_REQUIRED', 422, 'An override states its reasons (R13).'),
  confirmationClosed: () => new DomainRuleViolation('R13_CONFIRMATION_CLOSED', 409, 'The four departments’ confirmation has closed (R13).'),
  confirmationOpen: () =>
    new DomainRuleViolation('R13_CONFIRMATION_OPEN', 409, 'The confirmation is still open; the claim is concluded when it closes (R13).'),
};
