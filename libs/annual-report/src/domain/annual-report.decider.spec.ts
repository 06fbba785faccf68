import { isRuleViolation, termsHash } from '@chengguo/kernel';
import { decideSignOff } from '@chengguo/sign-off/domain';
import { deciderSpec } from '../../../../test/support/decider-spec';
import { annualReportDecider, AnnualReportState } from './annual-report.decider';
import { ANNUAL_REPORT_FILING, AnnualReportEvent } from './annual-report.events';
import { annualReportFigures } from './annual-report.figures';

const spec = deciderSpec(annualReportDecider);
const tto = { userId: 'wang.tto', role: 'tto_officer' };
const leader = { userId: 'sun.leader', role: 'unit_leader' };
// 2026-01-01 00:30 in Shanghai is still 31 Dec 2025 in UTC: the year 2025 has ended there.
const JUST_AFTER_NEW_YEAR = '2025-12-31T16:30:00.000Z';
const JUST_BEFORE_NEW_YEAR = '2025-12-31T15:59:59.000Z';
const content = {
  ...annualReportFigures(2025, []),
  disclosures: { submitted: 4, evaluated: 2, decisions: { file: 1, do_not_file: 1, trade_secret: 0 } },
};
const prepare = (now = JUST_AFTER_NEW_YEAR, actor = tto) => ({ type: 'PrepareAnnualReport' as const, year: 2025, content, actor, now });

const fold = (events: AnnualReportEvent[]): AnnualReportState =>
  events.reduce(annualReportDecider.evolve, annualReportDecider.initialState);
function prepared(state: AnnualReportState = annualReportDecider.initialState, now = JUST_AFTER_NEW_YEAR): AnnualReportEvent[] {
  const events = annualReportDecider.decide(prepare(now), state);
  if (isRuleViolation(events)) throw new Error(events.code);
  return events;
}
/** The unit leader's answer, decided by the sign-off rules over the report stream's sign-off view. */
function answered(state: AnnualReportState, answer: 'sign' | 'reject'): AnnualReportEvent[] {
  const common = { signOffId: ANNUAL_REPORT_FILING, actor: leader, now: '2026-01-05T02:00:00.000Z' };
  const command =
    answer === 'sign'
      ? { type: 'Sign' as const, termsHash: state.contentHash as string, ...common }
      : { type: 'Reject' as const, reason: '数据需复核', ...common };
  const events = decideSignOff(command, state.signOffs);
  if (isRuleViolation(events)) throw new Error(events.code);
  return events;
}

describe('annual report (R14)', () => {
  it('is prepared only once the year has ended in Asia/Shanghai', () => {
    spec.given([]).when(prepare(JUST_BEFORE_NEW_YEAR)).thenFails('R14_YEAR_NOT_ENDED', 409, { year: 2025 });
    spec.given([]).when(prepare('2025-06-01T00:00:00.000Z')).thenFails('R14_YEAR_NOT_ENDED', 409);
    expect(fold(prepared()).status).toBe('prepared');
  });

  it('is prepared by the TTO only', () => {
    spec.given([]).when(prepare(JUST_AFTER_NEW_YEAR, leader)).thenFails('ROLE_NOT_ALLOWED', 403);
  });

  it('carries the hash of its content and opens a round for the unit leader to sign that hash', () => {
    const [report, round] = prepared();
    expect(report).toMatchObject({ type: 'AnnualReportPrepared', year: 2025, round: 1, content, ruleKeys: ['R14'] });
    expect(report.type === 'AnnualReportPrepared' && report.contentHash).toBe(termsHash(content));
    expect(round).toMatchObject({
      type: 'SignOffRoundOpened',
      signOffId: ANNUAL_REPORT_FILING,
      round: 1,
      termsHash: termsHash(content),
      parties: [{ partyId: 'unit-leader', role: 'unit_leader' }],
    });
  });

  it('refuses a second preparation while the first awaits the signature', () => {
    spec.given(prepared()).when(prepare()).thenFails('R14_REPORT_BEING_FILED', 409);
  });

  it('is filed when the unit leader signs its hash, and is never prepared again', () => {
    const history = prepared();
    const filed = [...history, ...answered(fold(history), 'sign')];
    expect(filed.map((e) => e.type)).toContain('SignOffRoundClosed');
    expect(fold(filed)).toMatchObject({ status: 'filed', contentHash: termsHash(content), content });
    spec.given(filed).when(prepare()).thenFails('R14_REPORT_ALREADY_FILED', 409, { year: 2025 });
  });

  it('may be prepared again, in a new round, when the unit leader rejects it', () => {
    const history = prepared();
    const rejected = [...history, ...answered(fold(history), 'reject')];
    expect(fold(rejected).status).toBe('refused');
    const again = prepared(fold(rejected));
    expect(again.map((e) => [e.type, (e as { round: number }).round])).toEqual([
      ['AnnualReportPrepared', 2],
      ['SignOffRoundOpened', 2],
    ]);
    const refiled = [...rejected, ...again];
    expect(fold([...refiled, ...answered(fold(refiled), 'sign')]).status).toBe('filed');
  });
});
