import type { AchievementState } from '@chengguo/achievement-register/domain';
import { Decider, DomainRuleViolation, isWholeFen, shanghaiDate } from '@chengguo/kernel';
import { IncomeErrors } from './income.errors';
import type {
  CostCategory,
  DeductibleCostRecorded,
  Evidence,
  IncomeEvent,
  IncomeForm,
  IncomeReceived,
  IncomeSource,
  LedgerEntryCorrected,
} from './income.events';

/**
 * The income ledger of one achievement (R8, R14; XZ-13). Invariants:
 * - income is recorded only for an achievement in the register, and income from a transformation
 *   only under a case (R5), an equity investment (R5, for equity income) or abandonment contract (R3)
 *   the register links to it — read from the
 *   register's stream by the command path, never taken from the caller;
 * - shares are recorded as equity only when received for investing the achievement (R5);
 * - every amount is a positive whole number of fen with its evidence; an invoice is recorded once;
 * - an entry counts for the year of its date, whatever the order of recording; a correction is a new
 *   event naming the entry, so the ledger shows both the original and the correction.
 */

export interface Actor {
  userId: string;
}

export type IncomeCommand =
  | {
      type: 'RecordIncome';
      achievementId: string;
      receiptId: string;
      source: IncomeSource;
      form: IncomeForm;
      amountFen: number;
      receivedOn: string;
      payer: string;
      invoiceNumber: string | null;
      contractReference: string;
      evidence: Evidence;
      actor: Actor;
      now: string;
      register: AchievementState;
    }
  | {
      type: 'RecordDeductibleCost';
      achievementId: string;
      costId: string;
      category: CostCategory;
      amountFen: number;
      incurredOn: string;
      description: string;
      evidence: Evidence;
      actor: Actor;
      now: string;
      register: AchievementState;
    }
  | {
      type: 'RecordTechnologyContractRegistration';
      achievementId: string;
      contractReference: string;
      registrationNumber: string;
      registeredOn: string;
      evidence: Evidence;
      actor: Actor;
      now: string;
      register: AchievementState;
    }
  | {
      type: 'CorrectLedgerEntry';
      achievementId: string;
      correctionId: string;
      entryId: string;
      amountFen: number;
      on: string;
      reason: string;
      evidence: Evidence;
      actor: Actor;
      now: string;
    };

export interface LedgerEntry {
  entryId: string;
  kind: 'receipt' | 'cost';
  /** Receipts: the source and form; costs: the category. */
  source: IncomeSource | null;
  form: IncomeForm | null;
  category: CostCategory | null;
  /** Receipts: the case, contract or registration number the income arises from. */
  contractReference: string | null;
  amountFen: number;
  on: string;
}

export interface IncomeLedgerState {
  achievementId: string | null;
  entries: Readonly<Record<string, LedgerEntry>>;
  /** Invoice number → receipt id: an invoice is recorded once. */
  invoices: Readonly<Record<string, string>>;
  correctionIds: readonly string[];
  /** R8: technology contracts registered, by the reference their receipts name. */
  registrations: Readonly<Record<string, { registrationNumber: string; registeredOn: string }>>;
}

export const initialIncomeLedgerState: IncomeLedgerState = {
  achievementId: null,
  entries: {},
  invoices: {},
  correctionIds: [],
  registrations: {},
};

const RULES_RECEIPT = ['R8', 'R14'];
const RULES_COST = ['R8', 'R14'];

/** YYYY-MM-DD naming a real day of the Gregorian calendar. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function checkAmountAndDate(amountFen: number, date: string, dateField: string, now: string): DomainRuleViolation | null {
  if (!isWholeFen(amountFen) || amountFen === 0) return IncomeErrors.amountInvalid('amountFen');
  if (!isCalendarDate(date)) return IncomeErrors.dateInvalid(dateField);
  const today = shanghaiDate(now);
  if (date > today) return IncomeErrors.dateInFuture(dateField, today);
  return null;
}

function checkEvidence(evidence: Evidence): DomainRuleViolation | null {
  const documented = evidence.documentSha256.length > 0 && evidence.documentSha256.every((h) => /^[0-9a-f]{64}$/.test(h));
  return evidence.summary.trim() === '' || !documented ? IncomeErrors.evidenceRequired() : null;
}

/** R3, R5: income from a transformation follows one the register links to this achievement. */
function checkSourceOnRecord(
  source: IncomeSource,
  form: IncomeForm,
  reference: string,
  register: AchievementState,
): DomainRuleViolation | null {
  if (source === 'equity_investment' && form !== 'equity') return IncomeErrors.investmentIsEquity();
  if (source !== 'equity_investment' && form === 'equity') return IncomeErrors.equityOnlyForInvestment();
  switch (source) {
    case 'transfer':
    case 'license':
      return register.links.caseIds.includes(reference) ? null : IncomeErrors.transformationNotOnRecord(source, reference);
    case 'equity_investment':
    case 'equity_dividend':
    case 'equity_sale':
      // The investment's case, or the equity investment itself (作价投资) as the register records it.
      return register.links.caseIds.includes(reference) || (register.equityInvestments ?? []).some((i) => i.investmentId === reference)
        ? null
        : IncomeErrors.transformationNotOnRecord(source, reference);
    case 'abandonment_share':
      return register.links.contractIds.includes(reference) ? null : IncomeErrors.abandonmentContractNotOnRecord(reference);
    case 'technology_contract':
      // A development, consulting or service contract is not a register case: its number is the reference.
      return null;
  }
}

function decide(command: IncomeCommand, state: IncomeLedgerState): IncomeEvent[] | DomainRuleViolation {
  switch (command.type) {
    case 'RecordIncome': {
      if (command.register.status === 'unregistered') return IncomeErrors.achievementNotRegistered();
      if (state.entries[command.receiptId]) return IncomeErrors.entryExists(command.receiptId);
      const invalid =
        checkAmountAndDate(command.amountFen, command.receivedOn, 'receivedOn', command.now) ??
        (command.payer.trim() === '' ? IncomeErrors.textRequired('payer') : null) ??
        (command.contractReference.trim() === '' ? IncomeErrors.textRequired('contractReference') : null) ??
        checkEvidence(command.evidence) ??
        checkSourceOnRecord(command.source, command.form, command.contractReference, command.register);
      if (invalid) return invalid;
      const invoice = command.invoiceNumber?.trim() || null;
      if (invoice !== null && state.invoices[invoice]) return IncomeErrors.invoiceAlreadyRecorded(invoice, state.invoices[invoice]);
      const event: IncomeReceived = {
        type: 'IncomeReceived',
        achievementId: command.achievementId,
        receiptId: command.receiptId,
        source: command.source,
        form: command.form,
        amountFen: command.amountFen,
        receivedOn: command.receivedOn,
        payer: command.payer.trim(),
        invoiceNumber: invoice,
        contractReference: command.contractReference.trim(),
        evidence: command.evidence,
        recordedBy: command.actor.userId,
        recordedAt: command.now,
        ruleKeys: command.source === 'abandonment_share' ? ['R3', ...RULES_RECEIPT] : RULES_RECEIPT,
      };
      return [event];
    }
    case 'RecordDeductibleCost': {
      if (command.register.status === 'unregistered') return IncomeErrors.achievementNotRegistered();
      if (state.entries[command.costId]) return IncomeErrors.entryExists(command.costId);
      const invalid =
        checkAmountAndDate(command.amountFen, command.incurredOn, 'incurredOn', command.now) ??
        (command.description.trim() === '' ? IncomeErrors.textRequired('description') : null) ??
        checkEvidence(command.evidence);
      if (invalid) return invalid;
      const event: DeductibleCostRecorded = {
        type: 'DeductibleCostRecorded',
        achievementId: command.achievementId,
        costId: command.costId,
        category: command.category,
        amountFen: command.amountFen,
        incurredOn: command.incurredOn,
        description: command.description.trim(),
        evidence: command.evidence,
        recordedBy: command.actor.userId,
        recordedAt: command.now,
        ruleKeys: RULES_COST,
      };
      return [event];
    }
    case 'RecordTechnologyContractRegistration': {
      if (command.register.status === 'unregistered') return IncomeErrors.achievementNotRegistered();
      const reference = command.contractReference.trim();
      const number = command.registrationNumber.trim();
      if (reference === '') return IncomeErrors.textRequired('contractReference');
      if (number === '') return IncomeErrors.textRequired('registrationNumber');
      if (!isCalendarDate(command.registeredOn)) return IncomeErrors.dateInvalid('registeredOn');
      if (command.registeredOn > shanghaiDate(command.now)) return IncomeErrors.dateInFuture('registeredOn', shanghaiDate(command.now));
      const invalid = checkEvidence(command.evidence);
      if (invalid) return invalid;
      const existing = state.registrations[reference];
      if (existing) return IncomeErrors.contractAlreadyRegistered(reference, existing.registrationNumber);
      return [
        {
          type: 'TechnologyContractRegistrationRecorded',
          achievementId: command.achievementId,
          contractReference: reference,
          registrationNumber: number,
          registeredOn: command.registeredOn,
          evidence: command.evidence,
          recordedBy: command.actor.userId,
          recordedAt: command.now,
          ruleKeys: ['R8'],
        },
      ];
    }
    case 'CorrectLedgerEntry': {
      const entry = state.entries[command.entryId];
      if (!entry) return IncomeErrors.entryNotFound(command.entryId);
      if (state.correctionIds.includes(command.correctionId) || state.entries[command.correctionId])
        return IncomeErrors.entryExists(command.correctionId);
      const invalid =
        checkAmountAndDate(command.amountFen, command.on, 'on', command.now) ??
        (command.reason.trim() === '' ? IncomeErrors.textRequired('reason') : null) ??
        checkEvidence(command.evidence);
      if (invalid) return invalid;
      if (entry.amountFen === command.amountFen && entry.on === command.on) return IncomeErrors.correctionChangesNothing();
      const event: LedgerEntryCorrected = {
        type: 'LedgerEntryCorrected',
        achievementId: command.achievementId,
        correctionId: command.correctionId,
        entryId: entry.entryId,
        entryKind: entry.kind,
        previous: { amountFen: entry.amountFen, on: entry.on },
        corrected: { amountFen: command.amountFen, on: command.on },
        reason: command.reason.trim(),
        evidence: command.evidence,
        correctedBy: command.actor.userId,
        correctedAt: command.now,
        ruleKeys: entry.kind === 'receipt' ? RULES_RECEIPT : RULES_COST,
      };
      return [event];
    }
  }
}

function evolve(state: IncomeLedgerState, event: IncomeEvent): IncomeLedgerState {
  switch (event.type) {
    case 'IncomeReceived':
      return {
        ...state,
        achievementId: event.achievementId,
        entries: {
          ...state.entries,
          [event.receiptId]: {
            entryId: event.receiptId,
            kind: 'receipt',
            source: event.source,
            form: event.form,
            category: null,
            contractReference: event.contractReference,
            amountFen: event.amountFen,
            on: event.receivedOn,
          },
        },
        invoices: event.invoiceNumber === null ? state.invoices : { ...state.invoices, [event.invoiceNumber]: event.receiptId },
      };
    case 'DeductibleCostRecorded':
      return {
        ...state,
        achievementId: event.achievementId,
        entries: {
          ...state.entries,
          [event.costId]: {
            entryId: event.costId,
            kind: 'cost',
            source: null,
            form: null,
            category: event.category,
            contractReference: null,
            amountFen: event.amountFen,
            on: event.incurredOn,
          },
        },
      };
    case 'TechnologyContractRegistrationRecorded':
      return {
        ...state,
        achievementId: event.achievementId,
        registrations: {
          ...state.registrations,
          [event.contractReference]: { registrationNumber: event.registrationNumber, registeredOn: event.registeredOn },
        },
      };
    case 'LedgerEntryCorrected': {
      const entry = state.entries[event.entryId];
      return {
        ...state,
        entries: entry
          ? { ...state.entries, [event.entryId]: { ...entry, amountFen: event.corrected.amountFen, on: event.corrected.on } }
          : state.entries,
        correctionIds: [...state.correctionIds, event.correctionId],
      };
    }
  }
}

export const incomeLedgerDecider: Decider<IncomeCommand, IncomeEvent, IncomeLedgerState> = {
  initialState: initialIncomeLedgerState,
  decide,
  evolve,
};

/** One calendar year of an achievement's income (R8 reward pools, R14 annual report). */
export interface IncomeYear {
  year: number;
  cashReceivedFen: number;
  cashBySource: Partial<Record<IncomeSource, number>>;
  /** Shares received for investing the achievement, at their recorded value: not cash, no pool. */
  equityReceivedFen: number;
  deductibleCostsFen: number;
  /** Cash received less deductible costs; negative when costs exceed it. */
  netIncomeFen: number;
}

/** The ledger's entries folded by the year of their date (received on / incurred on), ascending. */
export function incomeByYear(state: IncomeLedgerState): IncomeYear[] {
  const years = new Map<number, IncomeYear>();
  const yearOf = (year: number): IncomeYear => {
    let row = years.get(year);
    if (!row) {
      row = { year, cashReceivedFen: 0, cashBySource: {}, equityReceivedFen: 0, deductibleCostsFen: 0, netIncomeFen: 0 };
      years.set(year, row);
    }
    return row;
  };
  for (const entry of Object.values(state.entries)) {
    const row = yearOf(Number(entry.on.slice(0, 4)));
    if (entry.kind === 'cost') row.deductibleCostsFen += entry.amountFen;
    else if (entry.form === 'equity') row.equityReceivedFen += entry.amountFen;
    else {
      row.cashReceivedFen += entry.amountFen;
      const source = entry.source as IncomeSource;
      row.cashBySource[source] = (row.cashBySource[source] ?? 0) + entry.amountFen;
    }
  }
  for (const row of years.values()) row.netIncomeFen = row.cashReceivedFen - row.deductibleCostsFen;
  return [...years.values()].sort((a, b) => a.year - b.year);
}
