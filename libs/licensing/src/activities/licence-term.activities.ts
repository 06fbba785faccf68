import { Notifier } from '@chengguo/common';
import { EventStore, loadStream, runProcessCommand } from '@chengguo/eventstore';
import { isRuleViolation, shanghaiDate } from '@chengguo/kernel';
import type { LicenceStepOutcome, LicenceTermActivities } from '../../../../workflows/licensing/licence-term.contract';
import { licenceCommands, LicenceCommandInput } from '../commands/licensing.commands';
import { dueItems, licenceDecider, LicenceState, licenceStatusOf } from '../domain/licence.decider';
import { licenceStreamId } from '../domain/licence.events';
import { endOfDay } from '../domain/licence.schedule';

const SYSTEM = { userId: 'system:temporal', role: 'system' };

/** Reminder lead times when none are configured: a month and a week before a due date. */
export const DEFAULT_LICENCE_REMINDER_LEAD_DAYS: readonly number[] = [30, 7];

/**
 * What the licence-term workflow calls (R5, R15). Each is idempotent: the licence commands carry ids
 * derived from the licence, the obligation and the step, and the decider decides nothing for a step
 * already recorded; a notification's idempotency key names the same step.
 */
export function createLicenceTermActivities(
  store: EventStore,
  notifier: Notifier,
  reminderLeadDays: readonly number[] = DEFAULT_LICENCE_REMINDER_LEAD_DAYS,
): LicenceTermActivities {
  const load = async (licenceId: string): Promise<LicenceState> =>
    (await loadStream(store, licenceStreamId(licenceId), licenceDecider)).state;

  const notice = (state: LicenceState, kind: string, roles: string[], subject: string, body: string, key: string) =>
    notifier.notify({
      idempotencyKey: key,
      kind,
      recipients: { userIds: [], roles },
      subject: `${subject}: ${state.achievementTitle} — ${state.terms?.licensee.name}`,
      body,
      context: { streamId: licenceStreamId(state.licenceId!), licenceId: state.licenceId!, achievementId: state.achievementId! },
    });

  /** Runs a workflow step through the command declaration, as the HTTP commands do. */
  async function step(licenceId: string, commandId: string, input: LicenceCommandInput, now: string): Promise<LicenceStepOutcome> {
    const streamId = licenceStreamId(licenceId);
    const outcome = await runProcessCommand(store, licenceCommands, licenceId, input, {
      commandId,
      actor: SYSTEM,
      correlationId: streamId,
      occurredAt: now,
    });
    if (!isRuleViolation(outcome)) return 'recorded';
    switch (outcome.code) {
      case 'LICENCE_OBLIGATION_NOT_OVERDUE':
        // Met (or terminated) meanwhile; or the workflow's clock runs ahead of the due date's end.
        return 'settled';
      case 'LICENCE_CURE_PERIOD_NOT_OVER':
        return 'not_due';
      default:
        // Anything else is a defect: let Temporal retry and alert.
        throw new Error(`${streamId}: ${outcome.code} ${outcome.detail}`);
    }
  }

  return {
    async loadLicenceSchedule({ licenceId, now }) {
      const state = await load(licenceId);
      const endsOn = state.terms?.term.endsOn ?? shanghaiDate(now);
      const unmet = dueItems(state).filter((i) => !i.settled);
      const eventMilestonesPending = (state.consideration?.milestones ?? []).some(
        (m) => m.due.kind === 'event' && !state.milestonesReached[m.milestoneId],
      );
      const ended =
        !state.exists ||
        licenceStatusOf(state) === 'terminated' ||
        (unmet.length === 0 && (!eventMilestonesPending || shanghaiDate(now) > endsOn));
      return {
        ended,
        obligations: unmet.map((item) => {
          const escalation = state.escalations[item.itemKey];
          return {
            itemKey: item.itemKey,
            label: item.label,
            kind: item.kind,
            dueOn: item.dueOn,
            dueAt: endOfDay(item.dueOn),
            escalated: escalation !== undefined,
            cureEndsOn: escalation?.cureEndsOn ?? null,
            cureEndsAt: escalation ? endOfDay(escalation.cureEndsOn) : null,
            uncured: escalation?.uncured ?? false,
          };
        }),
        termEndsAt: endOfDay(endsOn),
        reminderLeadDays: [...reminderLeadDays],
      };
    },

    async remindLicenceObligation({ licenceId, itemKey, dueOn, leadDays }) {
      const state = await load(licenceId);
      const item = dueItems(state).find((i) => i.itemKey === itemKey);
      await notice(
        state,
        'licence-obligation-due',
        item?.kind === 'payment' ? ['tto_officer', 'finance'] : ['tto_officer'],
        `许可义务将到期 / Licence obligation due ${dueOn}`,
        `${item?.label ?? itemKey} is due on ${dueOn} (in ${leadDays} days). Record it when the licensee meets it.`,
        `licence-due:${licenceId}:${itemKey}:${dueOn}:${leadDays}`,
      );
    },

    async escalateOverdueObligation({ licenceId, itemKey, now }) {
      const commandId = `licence-overdue:${licenceId}:${itemKey}`;
      const outcome = await step(licenceId, commandId, { type: 'EscalateOverdue', licenceId, itemKey }, now);
      if (outcome !== 'recorded') return outcome;
      const state = await load(licenceId);
      const escalation = state.escalations[itemKey];
      await notice(
        state,
        'licence-obligation-overdue',
        ['tto_officer'],
        `许可义务逾期 / Licence obligation overdue`,
        `${itemKey} was due on ${escalation?.dueOn} and is unmet. The licensee has until ${escalation?.cureEndsOn} to cure it; uncured, the TTO may propose termination.`,
        commandId,
      );
      return outcome;
    },

    async recordUncuredDefault({ licenceId, itemKey, now }) {
      const commandId = `licence-uncured:${licenceId}:${itemKey}`;
      const outcome = await step(licenceId, commandId, { type: 'RecordUncuredDefault', licenceId, itemKey }, now);
      if (outcome !== 'recorded') return outcome;
      const state = await load(licenceId);
      await notice(
        state,
        'licence-default-uncured',
        ['tto_officer'],
        `许可违约未纠正 / Licence default uncured`,
        `${itemKey} is still unmet after its cure period (${state.escalations[itemKey]?.cureEndsOn}). The TTO may propose termination (TTO head, legal and the unit leader sign).`,
        commandId,
      );
      return outcome;
    },
  };
}
