import { Decider, DomainRuleViolation, shanghaiDate, termsHash } from '@chengguo/kernel';
import { evolveSignOff, isSignOffEvent, SignOffState } from '@chengguo/sign-off/domain';
import { AnnualReportContent } from './annual-report.figures';
import { ANNUAL_REPORT_FILING, AnnualReportEvent } from './annual-report.events';

/**
 * The annual report (R14; XZ-G3). Invariants: a year's report is prepared only after the year
 * ended (Asia/Shanghai), by the TTO, from figures the command path folded from the history; the unit
 * leader files it by signing its content hash; a filed report is never prepared again.
 */

export interface Actor {
  userId: string;
  role: string;
}

export type AnnualReportCommand = { type: 'PrepareAnnualReport'; year: number; content: AnnualReportContent; actor: Actor; now: string };

export interface AnnualReportState {
  status: 'none' | 'prepared' | 'filed' | 'refused';
  round: number;
  /** The latest prepared report: what the unit leader is asked to sign, or signed. */
  content: AnnualReportContent | null;
  contentHash: string | null;
  preparedAt: string | null;
  signOffs: SignOffState;
}

export const initialAnnualReportState: AnnualReportState = {
  status: 'none',
  round: 0,
  content: null,
  contentHash: null,
  preparedAt: null,
  signOffs: {},
};

const DAY_MS = 86_400_000;
const FILING_DAYS = 30;

export const AnnualReportErrors = {
  roleNotAllowed: () =>
    new DomainRuleViolation('ROLE_NOT_ALLOWED', 403, 'Only tto_officer may do this.', { allowedRoles: ['tto_officer'] }),
  yearNotEnded: (year: number) =>
    new DomainRuleViolation('R14_YEAR_NOT_ENDED', 409, `The report on ${year} is prepared once the year has ended (Asia/Shanghai, R14).`, {
      year,
    }),
  alreadyFiled: (year: number) =>
    new DomainRuleViolation('R14_REPORT_ALREADY_FILED', 409, `The report on ${year} is filed (R14).`, { year }),
  beingFiled: (year: number) =>
    new DomainRuleViolation('R14_REPORT_BEING_FILED', 409, `The report on ${year} awaits the unit leader's signature (R14).`, { year }),
  notFound: (year: number) => new DomainRuleViolation('R14_REPORT_NOT_FOUND', 404, `No report on ${year} has been prepared.`, { year }),
};

function decide(command: AnnualReportCommand, state: AnnualReportState): AnnualReportEvent[] | DomainRuleViolation {
  if (command.actor.role !== 'tto_officer') return AnnualReportErrors.roleNotAllowed();
  if (Number(shanghaiDate(command.now).slice(0, 4)) <= command.year) return AnnualReportErrors.yearNotEnded(command.year);
  if (state.status === 'filed') return AnnualReportErrors.alreadyFiled(command.year);
  if (state.status === 'prepared') return AnnualReportErrors.beingFiled(command.year);
  const round = state.round + 1;
  const contentHash = termsHash(command.content);
  return [
    {
      type: 'AnnualReportPrepared',
      year: command.year,
      round,
      content: command.content,
      contentHash,
      preparedBy: command.actor.userId,
      preparedAt: command.now,
      ruleKeys: ['R14'],
    },
    {
      type: 'SignOffRoundOpened',
      signOffId: ANNUAL_REPORT_FILING,
      round,
      subject: `${command.year}年度科技成果转化报告 / Annual report on achievement transformation, ${command.year}`,
      termsHash: contentHash,
      mode: { kind: 'parallel' },
      parties: [{ partyId: 'unit-leader', role: 'unit_leader' }],
      deadline: new Date(Date.parse(command.now) + FILING_DAYS * DAY_MS).toISOString(),
      reminderOffsetsMs: [7 * DAY_MS, DAY_MS],
      escalationRole: 'unit_leader',
      openedAt: command.now,
      ruleKeys: ['R14'],
    },
  ];
}

function evolve(state: AnnualReportState, event: AnnualReportEvent): AnnualReportState {
  if (event.type === 'AnnualReportPrepared')
    return {
      ...state,
      status: 'prepared',
      round: event.round,
      content: event.content,
      contentHash: event.contentHash,
      preparedAt: event.preparedAt,
    };
  if (!isSignOffEvent(event)) return state;
  const signOffs = evolveSignOff(state.signOffs, event);
  if (event.type === 'SignOffRoundClosed' && event.signOffId === ANNUAL_REPORT_FILING)
    return { ...state, signOffs, status: event.outcome === 'signed' ? 'filed' : 'refused' };
  return { ...state, signOffs };
}

export const annualReportDecider: Decider<AnnualReportCommand, AnnualReportEvent, AnnualReportState> = {
  initialState: initialAnnualReportState,
  decide,
  evolve,
};
