import { Notifier } from '@chengguo/common';
import { EventStore, handleCommand, loadStream } from '@chengguo/eventstore';
import { DomainRuleViolation, isRuleViolation } from '@chengguo/kernel';
import type { AnnuityActivities } from '../../../../workflows/achievement-register/annuity.contract';
import { achievementRegisterCommands } from '../commands/achievement-register.commands';
import { AchievementCommand, achievementDecider, AchievementState, maintainedByUnit, nextAnnuity } from '../domain/achievement.decider';
import { ACHIEVEMENT_SCHEMA_VERSIONS, achievementStreamId } from '../domain/achievement.events';
import { endOfShanghaiDay } from '../domain/annuities';

const SYSTEM = { userId: 'system:temporal', role: 'system' };

/** Reminder lead times when none are configured: a quarter, a month and a week before the due date. */
export const DEFAULT_ANNUITY_REMINDER_LEAD_DAYS: readonly number[] = [90, 30, 7];

/**
 * What the annuity workflow calls (R12 rights maintenance). Each is idempotent: the register
 * commands carry ids derived from the right, the year and the step, and the register's decider
 * decides nothing for a step already recorded or a year already paid; a notification's
 * idempotency key names the same step.
 */
export function createAnnuityActivities(
  store: EventStore,
  notifier: Notifier,
  reminderLeadDays: readonly number[] = DEFAULT_ANNUITY_REMINDER_LEAD_DAYS,
): AnnuityActivities {
  const load = async (achievementId: string): Promise<AchievementState> =>
    (await loadStream(store, achievementStreamId(achievementId), achievementDecider)).state;

  /** Runs a workflow step on the register; true when it recorded something now or on an earlier attempt. */
  async function step(achievementId: string, commandId: string, command: AchievementCommand, now: string): Promise<boolean> {
    const streamId = achievementStreamId(achievementId);
    const outcome = await handleCommand(
      store,
      streamId,
      achievementDecider,
      command,
      { commandId, actor: SYSTEM, correlationId: streamId, occurredAt: now },
      ACHIEVEMENT_SCHEMA_VERSIONS,
      achievementRegisterCommands.achievement,
    );
    // A refusal here means the workflow's clock and the register disagree: fail, so Temporal retries.
    if (isRuleViolation(outcome)) throw new Error(`${streamId}: ${(outcome as DomainRuleViolation).code} ${outcome.detail}`);
    return outcome.events.length > 0;
  }

  const ttoNotice = (achievementId: string, state: AchievementState, kind: string, subject: string, body: string, key: string) =>
    notifier.notify({
      idempotencyKey: key,
      kind,
      recipients: { userIds: [], roles: ['tto_officer'] },
      subject: `${subject}: ${state.title} (${state.rights.patentNumber})`,
      body,
      context: { streamId: achievementStreamId(achievementId), achievementId },
    });

  return {
    async loadNextAnnuity({ achievementId }) {
      const state = await load(achievementId);
      const next = nextAnnuity(state);
      if (!next || !maintainedByUnit(state)) return null;
      return {
        ...next,
        dueAt: endOfShanghaiDay(next.dueDate),
        graceEndsAt: endOfShanghaiDay(next.graceEndsOn),
        graceStarted: state.annuities.graceStartedYears.includes(next.year),
        reminderLeadDays: [...reminderLeadDays],
      };
    },

    async remindAnnuityDue({ achievementId, year, dueDate, leadDays }) {
      const state = await load(achievementId);
      await ttoNotice(
        achievementId,
        state,
        'annuity-due',
        `年费将到期 / Annual fee due ${dueDate}`,
        `The annual fee of year ${year} is due by ${dueDate} (in ${leadDays} days). Record the payment, or propose letting the right lapse (R12).`,
        `annuity-due:${achievementId}:${year}:${leadDays}`,
      );
    },

    async startAnnuityGracePeriod({ achievementId, year, now }) {
      const commandId = `annuity-grace:${achievementId}:${year}`;
      const recorded = await step(achievementId, commandId, { type: 'RecordAnnuityGracePeriodStarted', year, now }, now);
      const state = await load(achievementId);
      if (!state.annuities.graceStartedYears.includes(year)) return false; // paid in time after all
      const due = nextAnnuity(state);
      await ttoNotice(
        achievementId,
        state,
        'annuity-grace-period',
        `年费逾期，进入滞纳期 / Annual fee overdue, grace period`,
        `The annual fee of year ${year} was not paid by its due date. It can be paid with a late fee until ${due?.graceEndsOn}; unpaid by then, the right ends (R12; Patent Law Art. 44).`,
        commandId,
      );
      return recorded;
    },

    async lapseUnpaidRight({ achievementId, year, now }) {
      const commandId = `annuity-lapse:${achievementId}:${year}`;
      const recorded = await step(achievementId, commandId, { type: 'LapseForUnpaidAnnuity', year, now }, now);
      const state = await load(achievementId);
      if (state.annuities.lapse?.cause !== 'annuity_unpaid' || state.annuities.lapse.year !== year) return false;
      await ttoNotice(
        achievementId,
        state,
        'right-lapsed',
        `专利权终止 / Right lapsed`,
        `The annual fee of year ${year} was not paid by the end of its grace period: the right has ended as from ${state.annuities.lapse.effectiveFrom} (R12).`,
        commandId,
      );
      return recorded;
    },
  };
}
