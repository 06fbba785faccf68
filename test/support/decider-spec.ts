import { Decider, DomainRuleViolation, isRuleViolation } from '@chengguo/kernel';

/**
 * Given events / when command / then events-or-error, for pure deciders. Test-only helper:
 * imported by *.spec.ts files, never by production code.
 */
export function deciderSpec<C, E extends { type: string }, S>(decider: Decider<C, E, S>) {
  return {
    given(events: E[]) {
      const state = events.reduce(decider.evolve, decider.initialState);
      return {
        when(command: C) {
          const outcome = decider.decide(command, state);
          return {
            then(expected: E[]): void {
              if (isRuleViolation(outcome)) {
                throw new Error(`expected events, got rule violation ${outcome.code}: ${outcome.detail}`);
              }
              expect(outcome).toEqual(expected);
            },
            thenFails(code: string, status?: number, extensions?: Record<string, unknown>): void {
              expect(isRuleViolation(outcome) ? outcome.code : outcome).toBe(code);
              const violation = outcome as DomainRuleViolation;
              if (status !== undefined) expect(violation.status).toBe(status);
              if (extensions !== undefined) expect(violation.extensions).toEqual(extensions);
            },
          };
        },
      };
    },
  };
}
