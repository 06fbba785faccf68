import { ProblemException } from '@chengguo/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * PostgreSQL text and jsonb cannot hold U+0000, so a NUL anywhere in a request (path, query, a body
 * key or value) would fail deep inside an append or the idempotency record with a 500. It is refused
 * here, before anything is claimed or written, with a stable code.
 */
export function refuseNul(request: Request, _response: Response, next: NextFunction): void {
  const where = nulIn(safeDecode(request.originalUrl), 'url') ?? nulIn(request.body, 'body');
  if (where) {
    next(new ProblemException(400, 'INPUT_CONTAINS_NUL', `The request contains the character U+0000 (at ${where}), which cannot be stored.`, { at: where }));
    return;
  }
  next();
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url; // a malformed escape is routed (and refused) as it is; NUL can only hide in a valid one
  }
}

function nulIn(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key.replaceAll('\u0000', '\\u0000')}`;
    if (key.includes('\u0000')) return at;
    const found = nulIn(item, at);
    if (found) return found;
  }
  return null;
}
