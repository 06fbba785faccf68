import { auditedProcesses } from '@chengguo/audit';
import { registeredUpcasters } from '@chengguo/eventstore';
import { PROCESSES, PROCESS_READ_MODELS } from './index';

const names = <T>(items: readonly T[], name: (item: T) => string): string[] => items.map(name);
const duplicates = (values: string[]): string[] => values.filter((value, index) => values.indexOf(value) !== index);

describe('the list of processes', () => {
  it('names each process once', () => {
    expect(duplicates(names(PROCESSES, (p) => p.name))).toEqual([]);
  });

  it('gives every projection and every reaction a name no other one has (each keeps its own checkpoint)', () => {
    const projections = PROCESSES.flatMap((p) => p.projections ?? []);
    expect(projections.length).toBeGreaterThan(0);
    expect(duplicates(names(projections, (p) => p.name))).toEqual([]);
    const reactions = PROCESSES.flatMap((p) => p.reactions?.({ taskQueue: 'q', store: {} as never }) ?? []);
    expect(reactions.length).toBeGreaterThan(0);
    expect(duplicates(names(reactions, (r) => r.name))).toEqual([]);
  });

  it('never lets two processes register an activity under the same name', () => {
    const activityNames = PROCESSES.flatMap((p) =>
      Object.keys(p.activities?.({ store: {} as never, notifier: {} as never, unitName: 'u' }) ?? {}),
    );
    expect(activityNames.length).toBeGreaterThan(0);
    expect(duplicates(activityNames)).toEqual([]);
  });

  it('registers every audit fold and upcaster its manifests declare, once loaded', () => {
    const declared = PROCESSES.flatMap((p) => p.audit ?? []);
    expect(auditedProcesses()).toEqual(expect.arrayContaining(declared));
    expect(duplicates(names(declared, (a) => a.streamPrefix))).toEqual([]);
    expect(registeredUpcasters()).toEqual(expect.arrayContaining(PROCESSES.flatMap((p) => p.upcasters ?? [])));
  });

  it('migrates every table a process declares, each migration once', () => {
    const migrations = PROCESS_READ_MODELS.flatMap((m) => m.migrations.map((migration) => migration.name));
    expect(duplicates(migrations)).toEqual([]);
    expect(PROCESS_READ_MODELS).toHaveLength(PROCESSES.filter((p) => p.readModels).length);
  });
});
