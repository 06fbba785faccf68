import { ProblemException } from './problem-details';

/** A UTF-16 surrogate without its partner: no UTF-8 form, so PostgreSQL cannot store it as sent. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a text cannot be stored as sent (U+0000, a lone surrogate), or null when it can. */
export function unstorableTextReason(text: string): 'nul' | 'surrogate' | null {
  if (text.includes('\u0000')) return 'nul';
  return LONE_SURROGATE.test(text) ? 'surrogate' : null;
}

/** The one refusal of such text, wherever it was found (JSON body, URL, a multipart file name). */
export function unstorableTextProblem(reason: 'nul' | 'surrogate', at: string): ProblemException {
  const [code, what] =
    reason === 'nul'
      ? ['INPUT_CONTAINS_NUL', 'the character U+0000']
      : ['INPUT_CONTAINS_LONE_SURROGATE', 'a lone UTF-16 surrogate (invalid Unicode)'];
  return new ProblemException(422, code, `The request contains ${what} at ${at}, which cannot be stored.`, { at });
}
