import { localizeProblem, negotiateLanguage, PROBLEM_MESSAGES, ProblemException, VALIDATION_MESSAGES } from '@chengguo/common';
import { PROCESSES } from '@chengguo/processes';
import { getMetadataStorage } from 'class-validator';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import '../../apps/api/src/app.module';

/**
 * Every problem code the code base can answer with has a Simplified Chinese and an English message
 * in the one catalogue (libs/common/src/i18n/problem-messages.ts), and every validation rule a
 * request can break has both too. Codes are collected from the sources: the *.errors.ts files and
 * every file that builds a ProblemException or a DomainRuleViolation.
 */
const ROOT = join(__dirname, '..', '..');

/** Upper-case literals in those files that are not codes (environment variables, SQL, HTTP verbs, tokens). */
const NOT_CODES = new Set([
  'AUDIT_LEAD_IDS',
  'AUTH_ISSUER',
  'COMMAND_OBSERVER',
  'HSTS',
  'METRICS_TOKEN',
  'TRUST_PROXY',
  'HTTP_PORT',
  'LIMIT_FILE_SIZE',
  'PORTAL_DIR',
  'RATE_LIMIT_PER_ADDRESS_PER_MINUTE',
  'RATE_LIMIT_PER_MINUTE',
  'READINESS_CHECKS',
  'TOKEN_VERIFIER',
  'ASC',
  'DESC',
  'DELETE',
  'DENY',
  'GET',
  'HS256',
  'HTTP',
  'JWT',
  'PATCH',
  'POST',
  'PUT',
  'TRUE',
  'UTC',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.(spec|e2e-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

function thrownCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const file of [...sourceFiles(join(ROOT, 'libs')), ...sourceFiles(join(ROOT, 'apps'))]) {
    const text = readFileSync(file, 'utf8');
    if (!file.endsWith('.errors.ts') && !/ProblemException|DomainRuleViolation/.test(text)) continue;
    for (const [, code] of text.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'/g)) {
      if (/^R\d+$/.test(code) || /^[A-Z]\d+$/.test(code) || code.length < 3 || NOT_CODES.has(code)) continue;
      if (!codes.has(code)) codes.set(code, relative(ROOT, file));
    }
  }
  return codes;
}

describe('problem messages', () => {
  it('finds the codes it is meant to check (the collector works)', () => {
    const codes = thrownCodes();
    for (const code of ['R7_PUBLICITY_TOO_SHORT', 'ATTACHMENT_TOO_LARGE', 'VALIDATION_FAILED', 'UNAUTHENTICATED', 'INPUT_CONTAINS_NUL'])
      expect(codes.has(code)).toBe(true);
    expect(codes.size).toBeGreaterThan(150);
  });

  it('has a zh-CN and an en message for every code the code base can throw', () => {
    const missing = [...thrownCodes()]
      .filter(([code]) => !PROBLEM_MESSAGES[code]?.['zh-CN']?.trim() || !PROBLEM_MESSAGES[code]?.en?.trim())
      .map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('writes the Chinese messages in Chinese', () => {
    const notChinese = Object.entries(PROBLEM_MESSAGES)
      .filter(([, m]) => !/[\u4e00-\u9fff]/.test(m['zh-CN']))
      .map(([code]) => code);
    expect(notChinese).toEqual([]);
  });

  it('has both messages for every validation rule a request class uses', () => {
    expect(PROCESSES.length).toBeGreaterThan(0); // loads every controller and its request classes
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, Array<{ name?: string; type: string }>> };
    const rules = new Set<string>(['whitelistValidation']);
    for (const metadatas of storage.validationMetadatas.values())
      for (const m of metadatas) if (m.type !== 'conditionalValidation') rules.add(m.name ?? m.type);
    for (const rule of ['isString', 'maxLength', 'matches', 'isIn', 'nestedValidation']) expect(rules.has(rule)).toBe(true);
    const missing = [...rules].filter((rule) => !VALIDATION_MESSAGES[rule]?.['zh-CN'] || !VALIDATION_MESSAGES[rule]?.en);
    expect(missing).toEqual([]);
  });
});

describe('the language of a problem', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['fr-FR, en;q=0.5', 'en'],
    ['en;q=0.3, zh;q=0.7', 'zh-CN'],
    ['de, fr', 'zh-CN'],
    ['en;q=0', 'zh-CN'],
  ])('Accept-Language %j → %s', (header, language) => expect(negotiateLanguage(header)).toBe(language));

  const problem = new ProblemException(422, 'R7_PUBLICITY_TOO_SHORT', 'The publicity period is at least 15 days; 10 was asked (R7).', {
    days: 10,
  }).toDocument('/x');

  it('keeps the code and extensions, and puts the message in title and detail', () => {
    expect(localizeProblem(problem, 'zh-CN')).toMatchObject({
      code: 'R7_PUBLICITY_TOO_SHORT',
      status: 422,
      days: 10,
      title: '公示期不少于 15 日（R7）。',
      detail: '公示期不少于 15 日（R7）。',
    });
    expect(localizeProblem(problem, 'en')).toMatchObject({
      code: 'R7_PUBLICITY_TOO_SHORT',
      title: 'The publicity period is at least 15 days (R7).',
      detail: 'The publicity period is at least 15 days; 10 was asked (R7).',
    });
  });

  it('names the field in localized validation messages', () => {
    const invalid = new ProblemException(400, 'VALIDATION_FAILED', 'The request body is not valid.', {
      errors: [
        {
          property: 'title',
          problems: ['title must be shorter than or equal to 500 characters'],
          rules: [{ rule: 'maxLength', args: [500] }],
        },
        { property: 'kind', problems: ['kind must be one of: a, b'], rules: [{ rule: 'isIn', args: [['a', 'b']] }] },
      ],
    }).toDocument();
    expect(localizeProblem(invalid, 'zh-CN').errors).toEqual([
      { property: 'title', problems: ['title 最多 500 个字符。'], rules: [{ rule: 'maxLength', args: [500] }] },
      { property: 'kind', problems: ['kind 须为以下之一：a, b。'], rules: [{ rule: 'isIn', args: [['a', 'b']] }] },
    ]);
    expect(localizeProblem(invalid, 'en').errors).toEqual(invalid.errors);
  });
});
