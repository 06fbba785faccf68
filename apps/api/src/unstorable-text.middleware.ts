import { ProblemException } from '@chengguo/common';
import type { NextFunction, Request, Response } from 'express';

/** A UTF-16 surrogate without its partner: no UTF-8 form, so PostgreSQL cannot store it as sent. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Text PostgreSQL cannot hold as sent — U+0000 (text and jsonb have no NUL) and lone surrogates
 * (no UTF-8 form; the driver would silently store U+FFFD instead) — anywhere in a request (path,
 * query, a body key or value) would fail deep inside an append or the idempotency record with a 500,
 * or change what was signed. It is refused here, once for every route, before anything is claimed
 * or written: 422 problem+json naming where it was found.
 */
export function refuseUnstorableText(request: Request, _response: Response, next: NextFunction): void {
  const found = unstorableIn(safeDecode(request.originalUrl), 'url') ?? unstorableIn(request.body, 'body');
  if (!found) return next();
  const [code, what] =
    found.reason === 'nul'
      ? ['INPUT_CONTAINS_NUL', 'the character U+0000']
      : ['INPUT_CONTAINS_LONE_SURROGATE', 'a lone UTF-16 surrogate (invalid Unicode)'];
  next(new ProblemException(422, code, `The request contains ${what} at ${found.at}, which cannot be stored.`, { at: found.at }));
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url; // a malformed escape is routed (and refused) as it is; NUL can only hide in a valid one
  }
}

function reasonIn(text: string): 'nul' | 'surrogate' | null {
  if (text.includes('\u0000')) return 'nul';
  return LONE_SURROGATE.test(text) ? 'surrogate' : null;
}

function unstorableIn(value: unknown, path: string): { at: string; reason: 'nul' | 'surrogate' } | null {
  if (typeof value === 'string') {
    const reason = reasonIn(value);
    return reason ? { at: path, reason } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : `${path}.${JSON.stringify(key).slice(1, -1)}`;
    const reason = reasonIn(key);
    if (reason) return { at, reason };
    const found = unstorableIn(item, at);
    if (found) return found;
  }
  return null;
}
