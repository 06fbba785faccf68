import type { Upcaster } from '@chengguo/kernel';
import { RecordedEvent } from './event-store.port';

/**
 * The registry of upcasters (kernel `Upcaster`): both adapters apply it to every event they return.
 * Each process registers its steps through its manifest.
 */

const registry = new Map<string, Upcaster>();
const key = (type: string, version: number): string => `${type}@${version}`;

/** Registers one step; registering the same step twice is a programming error unless identical. */
export function registerUpcaster(upcaster: Upcaster): void {
  const existing = registry.get(key(upcaster.type, upcaster.fromVersion));
  if (existing && existing !== upcaster) {
    throw new Error(`An upcaster for ${upcaster.type} v${upcaster.fromVersion} is already registered`);
  }
  registry.set(key(upcaster.type, upcaster.fromVersion), upcaster);
}

export function registeredUpcasters(): Upcaster[] {
  return [...registry.values()];
}

/** Applies every registered step in order; returns the event unchanged when none applies. */
export function upcastEvent<T>(event: RecordedEvent<T>): RecordedEvent<T> {
  let current = event as RecordedEvent;
  for (let guard = 0; guard < 100; guard++) {
    const step = registry.get(key(current.type, current.schemaVersion));
    if (!step) break;
    const version = current.schemaVersion + 1;
    current = {
      ...current,
      schemaVersion: version,
      storedSchemaVersion: event.storedSchemaVersion ?? event.schemaVersion,
      data: step.upcast({ ...(current.data as Record<string, unknown>) }, current),
      metadata: { ...current.metadata, schemaVersion: version },
    };
  }
  return current as RecordedEvent<T>;
}
