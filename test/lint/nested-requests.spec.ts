import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * class-validator validates a nested object only when it is there: `@ValidateNested()` alone lets a
 * body leave the field out, and the handler then meets `undefined` (a 500 instead of a 422 — the
 * OpenAPI fuzzer found one in the income ledger's evidence). So every nested request field says
 * what its absence means: `@IsDefined()` (required), `@IsOptional()`, or an array check.
 */
const ROOT = join(__dirname, '..', '..');
const ARRAY_CHECKS = new Set(['isArray', 'arrayMaxSize', 'arrayMinSize', 'arrayNotEmpty']);

function requestClasses(): Array<{ file: string; target: Function }> {
  const found: Array<{ file: string; target: Function }> = [];
  for (const lib of readdirSync(join(ROOT, 'libs'))) {
    const dir = join(ROOT, 'libs', lib, 'src', 'commands');
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.requests.ts'));
    } catch {
      continue;
    }
    for (const file of files) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = require(join(dir, file)) as Record<string, unknown>;
      for (const value of Object.values(exported))
        if (typeof value === 'function') found.push({ file: `libs/${lib}/src/commands/${file}`, target: value });
    }
  }
  return found;
}

describe('nested request fields', () => {
  it('each says whether it may be left out (@IsDefined, @IsOptional or an array check)', () => {
    const classes = requestClasses();
    expect(classes.length).toBeGreaterThan(20);
    const storage = getMetadataStorage();
    const undecided: string[] = [];
    let nested = 0;
    for (const { file, target } of classes) {
      const byProperty = new Map<string, { type: string; name?: string }[]>();
      for (const m of storage.getTargetValidationMetadatas(target, '', true, false)) {
        const name =
          m.type === ValidationTypes.CUSTOM_VALIDATION ? storage.getTargetValidatorConstraints(m.constraintCls)[0]?.name : undefined;
        byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), { type: m.type, name }]);
      }
      for (const [property, rules] of byProperty) {
        if (!rules.some((r) => r.type === ValidationTypes.NESTED_VALIDATION)) continue;
        nested++;
        const decided = rules.some(
          (r) =>
            r.type === ValidationTypes.IS_DEFINED ||
            r.type === ValidationTypes.CONDITIONAL_VALIDATION ||
            (r.name !== undefined && ARRAY_CHECKS.has(r.name)),
        );
        if (!decided) undecided.push(`${file}: ${target.name}.${property}`);
      }
    }
    expect(nested).toBeGreaterThan(10);
    expect(undecided).toEqual([]);
  });
});
