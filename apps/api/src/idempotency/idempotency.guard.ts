import { canonicalJson } from '@chengguo/kernel';
import { idempotencyKeyOf, ProblemException, RequestActor } from '@chengguo/common';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

const COMMAND_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * How long a request may hold its key "in progress". A holder that died (kill -9, a lost
 * connection) never completes its row; after the lease the same request may take the key over.
 * Running the command again is safe: its event ids derive from the key, so nothing is appended twice.
 */
export const IDEMPOTENCY_LEASE_SECONDS = 60;

interface StoredRow {
  request_hash: string;
  completed: boolean;
  status_code: number | null;
  response: unknown;
}

/** What a request holding a key keeps until its answer is stored: where to store it. */
export interface IdempotencyClaim {
  /** Stores a client error as the key's answer (replayed as the same problem), or frees the key on server trouble. */
  settleWithProblem(problem: ProblemException): Promise<void>;
}

const CLAIM = Symbol('idempotency claim');

/** The claim of a request that holds an Idempotency-Key and has not answered yet, if any. */
export function pendingIdempotencyClaim(request: object): IdempotencyClaim | undefined {
  return (request as { [CLAIM]?: IdempotencyClaim })[CLAIM];
}

/**
 * A stored answer played back: thrown by the guard so the handler does not run, written by the
 * problem filter as the original answer with `Idempotent-Replay: true`.
 */
export class IdempotentReplay {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/**
 * Idempotency-Key on every command endpoint: the first request with a key runs and its answer is
 * kept; a retry with the same key and the same request gets that answer again and appends nothing;
 * the same key with a different request is refused (422). Keys are scoped by caller. Below this,
 * event ids derive from the key too, so even a retry racing the first request appends once.
 *
 * A guard (the last one, after access and the caller's limit) and not an interceptor: a request
 * without the header costs one header lookup, whereas any global interceptor puts every route
 * through rxjs and async-context binding (ADR 28, round three). The answer is stored before it is
 * written — the success body where the response is sent, a problem in the problem filter — so a
 * retry sent after the answer arrived is always replayed.
 */
@Injectable()
export class IdempotencyGuard implements CanActivate {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { actor?: RequestActor }>();
    const key = request.headers['idempotency-key'];
    if (key === undefined || !COMMAND_METHODS.has(request.method) || !request.actor) return true;
    return this.claimOrReplay(context, request, key);
  }

  private async claimOrReplay(
    context: ExecutionContext,
    request: Request & { actor?: RequestActor },
    key: string | string[],
  ): Promise<boolean> {
    // An upload is not read into request.body, so its hash would not tell two files apart; it needs
    // no key anyway: the same bytes from the same person are stored and recorded once.
    if (request.is('multipart/form-data')) return true;
    // A repeated header arrives as an array: it is no valid key either.
    const validKey = idempotencyKeyOf(typeof key === 'string' ? key : '')!;
    const userId = request.actor!.userId;
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.originalUrl.split('?')[0]}\n${canonicalJson(request.body ?? null)}`)
      .digest('hex');

    const existing = await this.claim(userId, validKey, requestHash);
    if (!existing) {
      this.storeBeforeAnswering(request, context.switchToHttp().getResponse<Response>(), userId, validKey);
      return true;
    }
    if (existing.request_hash !== requestHash) {
      throw new ProblemException(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request.');
    }
    if (!existing.completed) {
      throw new ProblemException(
        409,
        'IDEMPOTENCY_REQUEST_IN_PROGRESS',
        'The first request with this key is still running; retry shortly.',
      );
    }
    const stored = existing.response as { problem?: Record<string, unknown>; body?: unknown };
    if (stored.problem) {
      const { status, code, detail, type: _type, title: _title, instance: _instance, ...extensions } = stored.problem;
      throw new ProblemException(status as number, code as string, detail as string, extensions);
    }
    throw new IdempotentReplay(existing.status_code ?? 200, stored.body ?? null);
  }

  /**
   * Holds the request's answer until it is stored under the key: the first `json`/`send` of the
   * response (what Nest calls with the handler's result) stores the body and status, then writes;
   * a problem is stored by the filter through the claim. Whichever comes first settles the claim.
   */
  private storeBeforeAnswering(request: Request, response: Response, userId: string, key: string): void {
    const json = response.json;
    const send = response.send;
    const settle = (): boolean => {
      if (pendingIdempotencyClaim(request) !== claim) return false;
      delete (request as { [CLAIM]?: IdempotencyClaim })[CLAIM];
      response.json = json;
      response.send = send;
      return true;
    };
    const claim: IdempotencyClaim = {
      settleWithProblem: async (problem) => {
        if (!settle()) return;
        // Client errors are answers too and are replayed; server trouble frees the key for a retry.
        if (problem.status < 500) await this.complete(userId, key, problem.status, { problem: problem.toDocument() });
        else await this.release(userId, key);
      },
    };
    const answer =
      (write: (body?: unknown) => Response) =>
      (body?: unknown): Response => {
        if (!settle()) return write.call(response, body);
        void this.complete(userId, key, response.statusCode, { body: body ?? null }).then(() => write.call(response, body));
        return response;
      };
    Object.assign(request, { [CLAIM]: claim });
    response.json = answer(json);
    response.send = answer(send);
  }

  /**
   * Inserts the key as "in progress", or takes over one whose holder's lease ran out (same request
   * only); returns the existing row when someone else holds or completed it.
   */
  private async claim(userId: string, key: string, requestHash: string): Promise<StoredRow | null> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO api.idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, key) DO UPDATE SET created_at = now()
         WHERE NOT api.idempotency_keys.completed
           AND api.idempotency_keys.request_hash = EXCLUDED.request_hash
           AND api.idempotency_keys.created_at < now() - make_interval(secs => $4)
       RETURNING key`,
      [userId, key, requestHash, IDEMPOTENCY_LEASE_SECONDS],
    );
    if (inserted.length > 0) return null;
    const rows: StoredRow[] = await this.dataSource.query(
      'SELECT request_hash, completed, status_code, response FROM api.idempotency_keys WHERE user_id = $1 AND key = $2',
      [userId, key],
    );
    return rows[0] ?? null;
  }

  /** Frees the key; if even that fails, the lease frees it later. */
  private async release(userId: string, key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM api.idempotency_keys WHERE user_id = $1 AND key = $2', [userId, key]).catch(() => undefined);
  }

  /** Keeps the answer; if it cannot be kept, the key is released: a retry runs again and appends nothing. */
  private async complete(userId: string, key: string, status: number, stored: unknown): Promise<void> {
    await this.dataSource
      .query('UPDATE api.idempotency_keys SET completed = true, status_code = $3, response = $4 WHERE user_id = $1 AND key = $2', [
        userId,
        key,
        status,
        JSON.stringify(stored),
      ])
      .catch(() => this.release(userId, key));
  }
}
