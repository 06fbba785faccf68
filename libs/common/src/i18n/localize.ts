import type { ProblemDocument } from '../problem-details';
import { Language, PROBLEM_MESSAGES, VALIDATION_MESSAGES } from './problem-messages';

export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/**
 * The caller's language from Accept-Language (RFC 9110 weights): the first of Chinese or English
 * by preference, Simplified Chinese when neither is asked for (the units' own language).
 */
export function negotiateLanguage(acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)).find(Boolean);
      return { tag, q: q ? Number(q[1]) : 1, index };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return DEFAULT_LANGUAGE;
}

/** One failed constraint of a request field, as the validation pipe reports it. */
export interface FieldRule {
  rule: string;
  args: unknown[];
}

export interface FieldProblems {
  property: string;
  problems: string[];
  rules?: FieldRule[];
}

const fill = (template: string, property: string, args: unknown[]): string =>
  template.replace(/\{property\}/g, property).replace(/\{(\d+)\}/g, (_, i: string) => {
    const arg = args[Number(i)];
    return Array.isArray(arg) ? arg.join(', ') : String(arg ?? '');
  });

/** A field's problems in `language`: English keeps class-validator's (and custom) wording. */
function localizeField(field: FieldProblems, language: Language): FieldProblems {
  if (language === 'en' || !field.rules) return field;
  return {
    ...field,
    problems: field.rules.map((r, i) => {
      const messages = VALIDATION_MESSAGES[r.rule];
      return messages ? fill(messages[language], field.property, r.args) : (field.problems[i] ?? r.rule);
    }),
  };
}

/**
 * The problem document in `language`: `title` is the catalogue's message for the code; `detail` is
 * the catalogue's message in Chinese and the thrown, more specific one in English (the code base
 * writes its details in English). The code and the extensions stay as they are. A code missing from
 * the catalogue (a bug the catalogue spec catches) keeps what was thrown.
 */
export function localizeProblem(document: ProblemDocument, language: Language): ProblemDocument {
  const messages = PROBLEM_MESSAGES[document.code];
  const localized: ProblemDocument = messages
    ? { ...document, title: messages[language], detail: language === 'en' ? (document.detail ?? messages.en) : messages[language] }
    : { ...document };
  if (Array.isArray(document.errors)) localized.errors = (document.errors as FieldProblems[]).map((f) => localizeField(f, language));
  return localized;
}
