import createClient, { Middleware } from 'openapi-fetch';
import i18n from '../i18n';
import type { paths } from './schema';

/** The bearer token of the signed-in user, held in memory (set by the auth provider). */
let currentToken: string | null = null;
export function setAccessToken(token: string | null): void {
  currentToken = token;
}
export function accessToken(): string | null {
  return currentToken;
}

const headers: Middleware = {
  onRequest({ request }) {
    if (currentToken) request.headers.set('Authorization', `Bearer ${currentToken}`);
    // Problem details come back in the user's language.
    request.headers.set('Accept-Language', i18n.language === 'en' ? 'en' : 'zh-CN');
    return request;
  },
};

/**
 * Read your writes (ADR 26): the last write this tab's commands answered (`streamId@revision`).
 * Reads sent within a while after it name it in X-Chengguo-Read-After, so the API answers only
 * once the read model shows it (e.g. the disclosure page opened right after "submit") instead of
 * the portal polling or showing the state before the write. Endpoints that read no read model
 * ignore the header.
 */
let lastWrite: { token: string; at: number } | null = null;
const READ_AFTER_FOR_MS = 60_000;

export function lastWriteToken(): string | null {
  return lastWrite && Date.now() - lastWrite.at < READ_AFTER_FOR_MS ? lastWrite.token : null;
}

const readYourWrites: Middleware = {
  onRequest({ request }) {
    const token = request.method === 'GET' ? lastWriteToken() : null;
    if (token) request.headers.set('X-Chengguo-Read-After', token);
    return request;
  },
  async onResponse({ request, response }) {
    // Not caught up within the wait (the projector is down or far behind): the 503 is shown, and
    // the next reads answer at once with what the read model holds rather than wait again.
    if (request.method === 'GET' && response.status === 503) lastWrite = null;
    if (request.method === 'GET' || !response.ok || !response.headers.get('content-type')?.includes('json')) return response;
    const answer = (await response
      .clone()
      .json()
      .catch(() => null)) as { streamId?: unknown; revision?: unknown } | null;
    if (typeof answer?.streamId === 'string' && Number.isInteger(answer.revision))
      lastWrite = { token: `${answer.streamId}@${String(answer.revision)}`, at: Date.now() };
    return response;
  },
};

/** The API client, typed by the schema generated from the API's own OpenAPI document. */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(headers);
api.use(readYourWrites);

/** An RFC 7807 problem the API answered with: `code` names the rule, `errors` the fields. */
export interface Problem {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  errors?: Array<{ property: string; problems: string[] }>;
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? problem.code);
  }
}

/** Unwraps an openapi-fetch answer: its data, or a ProblemError carrying the problem document. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error ?? {}) as Partial<Problem>;
  throw new ProblemError({ ...body, status: response.status, code: body.code ?? `HTTP_${response.status}` } as Problem);
}

/** For bodies the API streams as files (CSV, JSON Lines): fetched with the token, saved through a link. */
export async function download(path: string, fileName: string): Promise<void> {
  const response = await fetch(path, {
    headers: { ...(currentToken ? { Authorization: `Bearer ${currentToken}` } : {}), 'Accept-Language': i18n.language },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as Partial<Problem>;
    throw new ProblemError({ ...body, status: response.status, code: body.code ?? `HTTP_${response.status}` } as Problem);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Uploads one file to the attachment store (multipart field `file`): the API answers with its
 * SHA-256, size and sniffed type; a disclosure records those, never the bytes.
 */
export async function uploadAttachment(file: File): Promise<{ sha256: string; sizeBytes: number; contentType: string; name: string }> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch('/attachments', {
    method: 'POST',
    body: form,
    headers: { ...(currentToken ? { Authorization: `Bearer ${currentToken}` } : {}), 'Accept-Language': i18n.language },
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok)
    throw new ProblemError({ ...body, status: response.status, code: String(body.code ?? `HTTP_${response.status}`) } as Problem);
  return body as { sha256: string; sizeBytes: number; contentType: string; name: string };
}
