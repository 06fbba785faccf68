import * as abandonmentContract from '@chengguo/abandonment-contract';
import * as achievementRegister from '@chengguo/achievement-register';
import * as audit from '@chengguo/audit';
import * as disclosure from '@chengguo/disclosure';
import * as equityInvestment from '@chengguo/equity-investment';
import { registeredAchievementLink } from '@chengguo/eventstore';
import * as exemption from '@chengguo/exemption';
import { PROCESSES } from '@chengguo/processes';
import * as signOff from '@chengguo/sign-off';
import * as transferPublicity from '@chengguo/transfer-publicity';

/**
 * Every process event names its achievement (ADR 17) because every command declaration says how
 * its streams find it, and the list of processes registers that for streams written before. This
 * spec walks every library's exported command declarations: each carries a link, each is listed in
 * its manifest, and each stream kind it writes resolves through the registered link.
 */
describe('every command declaration says how its streams find their achievement', () => {
  const libraries = {
    abandonmentContract,
    achievementRegister,
    audit,
    disclosure,
    equityInvestment,
    exemption,
    signOff,
    transferPublicity,
  };
  const exported = Object.entries(libraries).flatMap(([library, exports]) =>
    Object.entries(exports as Record<string, unknown>)
      .filter(([, value]) => isDeclaration(value))
      .map(([name, value]) => ({ library, name, declaration: value as Declaration })),
  );
  const listed = PROCESSES.flatMap((p) => (p.commands ?? []).map((declaration) => ({ process: p.name, declaration })));

  it('finds the declarations of every process that has commands', () => {
    expect(exported.map((e) => e.name).sort()).toEqual(
      [
        'abandonmentContractCommands',
        'achievementRegisterCommands',
        'disclosureCommands',
        'disclosurePolicyCommands',
        'equityInvestmentCommands',
        'exemptionClaimCommands',
        'exemptionListsCommands',
        'signOffCommands',
        'transferCaseCommands',
      ].sort(),
    );
  });

  it.each(exported.map((e) => [e.name, e] as const))('%s has a link and is listed in its manifest', (_name, { declaration }) => {
    expect(typeof declaration.achievement?.achievementOf).toBe('function');
    expect(listed.map((l) => l.declaration)).toContain(declaration);
  });

  it.each(exported.map((e) => [e.name, e] as const))(
    '%s: the streams it writes resolve through the registered link',
    (_name, { declaration }) => {
      const prefix = declaration.streamId('');
      // A declaration writing into other processes' streams (sign-off) uses their links.
      if (prefix === '') return expect(declaration.achievement.achievementOf('x', null, async () => 'y')).resolves.toBe('y');
      expect(registeredAchievementLink(declaration.streamId('0c1e7a55-2d0f-4b8e-9f00-000000000001'))).toBe(declaration.achievement);
    },
  );
});

interface Declaration {
  process: string;
  streamId(key: string): string;
  prepare: unknown;
  decider: unknown;
  achievement: { achievementOf(streamId: string, opening: unknown, of: (s: string) => Promise<string | null>): unknown };
}

function isDeclaration(value: unknown): boolean {
  const v = value as Partial<Declaration> | null;
  return typeof v === 'object' && v !== null && typeof v.process === 'string' && typeof v.prepare === 'function' && v.decider !== undefined;
}
