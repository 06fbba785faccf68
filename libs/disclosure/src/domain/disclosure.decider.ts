import { Decider, DomainRuleViolation } from '@chengguo/eventstore';
import { DisclosureErrors } from './disclosure.errors';
import { DisclosureEvent, Inventor } from './disclosure.events';

/**
 * Disclosure stream (R1 disclosure duty). Invariants: a disclosure is submitted once, by one of its
 * inventors, whose contribution shares total exactly 100%; the TTO acknowledges it once; an
 * acknowledgement that comes too late is escalated once.
 */

export type DisclosureCommand =
  | {
      type: 'SubmitDisclosure';
      disclosureId: string;
      title: string;
      technicalField: string;
      abstract: string;
      submittedBy: string;
      inventors: Inventor[];
      now: string;
    }
  | { type: 'AcknowledgeDisclosure'; disclosureId: string; acknowledgedBy: string; now: string }
  | { type: 'RecordAcknowledgementOverdue'; disclosureId: string; dueAt: string };

export type DisclosureState =
  | { status: 'none' }
  | {
      status: 'submitted' | 'acknowledged';
      disclosureId: string;
      inventors: Inventor[];
      acknowledgementOverdue: boolean;
    };

export const SHARES_TOTAL_BASIS_POINTS = 10_000;

function decide(command: DisclosureCommand, state: DisclosureState): DisclosureEvent[] | DomainRuleViolation {
  switch (command.type) {
    case 'SubmitDisclosure': {
      if (state.status !== 'none') return DisclosureErrors.alreadySubmitted();
      if (command.inventors.length === 0) return DisclosureErrors.noInventors();
      const seen = new Set<string>();
      for (const inventor of command.inventors) {
        if (seen.has(inventor.userId)) return DisclosureErrors.duplicateInventor(inventor.userId);
        seen.add(inventor.userId);
      }
      const total = command.inventors.reduce((sum, i) => sum + i.shareBasisPoints, 0);
      if (total !== SHARES_TOTAL_BASIS_POINTS) return DisclosureErrors.sharesNotWhole(total);
      if (!seen.has(command.submittedBy)) return DisclosureErrors.submitterNotInventor(command.submittedBy);
      return [
        {
          type: 'DisclosureSubmitted',
          disclosureId: command.disclosureId,
          title: command.title,
          technicalField: command.technicalField,
          abstract: command.abstract,
          submittedBy: command.submittedBy,
          inventors: command.inventors,
          submittedAt: command.now,
        },
      ];
    }
    case 'AcknowledgeDisclosure': {
      if (state.status === 'none') return DisclosureErrors.notFound(command.disclosureId);
      if (state.status === 'acknowledged') return DisclosureErrors.alreadyAcknowledged();
      return [
        {
          type: 'DisclosureAcknowledged',
          disclosureId: command.disclosureId,
          acknowledgedBy: command.acknowledgedBy,
          acknowledgedAt: command.now,
        },
      ];
    }
    case 'RecordAcknowledgementOverdue': {
      if (state.status === 'none') return DisclosureErrors.notFound(command.disclosureId);
      // Already acknowledged or already escalated: the deadline has nothing left to say.
      if (state.status === 'acknowledged' || state.acknowledgementOverdue) return [];
      return [
        {
          type: 'DisclosureAcknowledgementOverdue',
          disclosureId: command.disclosureId,
          dueAt: command.dueAt,
          escalatedToRole: 'unit_leader',
          ruleKey: 'R1',
        },
      ];
    }
  }
}

function evolve(state: DisclosureState, event: DisclosureEvent): DisclosureState {
  switch (event.type) {
    case 'DisclosureSubmitted':
      return {
        status: 'submitted',
        disclosureId: event.disclosureId,
        inventors: event.inventors,
        acknowledgementOverdue: false,
      };
    case 'DisclosureAcknowledged':
      return state.status === 'none' ? state : { ...state, status: 'acknowledged' };
    case 'DisclosureAcknowledgementOverdue':
      return state.status === 'none' ? state : { ...state, acknowledgementOverdue: true };
  }
}

export const disclosureDecider: Decider<DisclosureCommand, DisclosureEvent, DisclosureState> = {
  initialState: { status: 'none' },
  decide,
  evolve,
};
