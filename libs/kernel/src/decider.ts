/**
 * A process stream's pure core (STYLE.md convention 1): no framework imports, no I/O, no clock.
 * Time, actor and looked-up facts arrive inside the command.
 */
export interface Decider<Command, Event extends { type: string }, State> {
  initialState: State;
  decide(command: Command, state: State): Event[] | DomainRuleViolation;
  evolve(state: State, event: Event): State;
}

/**
 * A command refused by a rule. `code` is stable and machine-readable and names the rule key
 * from DOMAIN.md where a rule decides (e.g. `R7_PUBLICITY_TOO_SHORT`); `status` is the HTTP
 * status the API answers with, by the API's convention (ADR 20): 422 values the rule refuses
 * whatever the state, 409 what the current state refuses, 403 a party or conflict refusal, 404 an
 * unknown record. One code, one status.
 */
export class DomainRuleViolation {
  constructor(
    readonly code: string,
    readonly status: 403 | 404 | 409 | 422,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {}
}

export function isRuleViolation(value: unknown): value is DomainRuleViolation {
  return value instanceof DomainRuleViolation;
}
