import { unstorableTextProblem, unstorableTextReason } from '@chengguo/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * Text PostgreSQL cannot hold as sent — U+0000 (text and jsonb have no NUL) and lone surrogates
 * (no UTF-8 form; the driver would silently store U+FFFD instead) — anywhere in a request (path,
 * query, a body key or value) would fail deep inside an append or the idempotency record with a 500,
 * or change what was signed. It is refused here, once for every route, before anything is claimed
 * or written: 422 problem+json naming where it was found. Multipart bodies are not parsed here; the
 * upload checks its file name with the same rule (receiveUpload).
 */
export function refuseUnstorableText(request: Request, _response: Response, next: NextFunction): void {
  const found = unstorableIn(safeDecode(request.originalUrl), 'url') ?? unstorableIn(request.body, 'body');
  next(found ? unstorableTextProblem(found.reason, found.at) : undefined);
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url; // a malformed escape is routed (and refused) as it is; NUL can only hide in a valid one
  }
}

function unstorableIn(value: unknown, path: string): { at: string; reason: 'nul' | 'surrogate' } | null {
  if (typeof value === 'string') {
    const reason = unstorableTextReason(value);
    return reason ? { at: path, reason } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : `${path}.${JSON.stringify(key).slice(1, -1)}`;
    const reason = unstorableTextReason(key);
    if (reason) return { at, reason };
    const found = unstorableIn(item, at);
    if (found) return found;
  }
  return null;
}
