import { canonicalJson } from '@chengguo/kernel';
import { idempotencyKeyOf, ProblemException, RequestActor } from '@chengguo/common';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { from, Observable, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { DataSource } from 'typeorm';
import { toProblem } from '../problem-details.filter';

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

/**
 * Idempotency-Key on every command endpoint: the first request with a key runs and its answer is
 * kept; a retry with the same key and the same request gets that answer again and appends nothing;
 * the same key with a different request is refused (422). Keys are scoped by caller. Below this,
 * event ids derive from the key too, so even a retry racing the first request appends once.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { actor?: RequestActor }>();
    const key = request.headers['idempotency-key'];
    if (!COMMAND_METHODS.has(request.method) || key === undefined || !request.actor) return next.handle();
    // An upload is not read into request.body, so its hash would not tell two files apart; it needs
    // no key anyway: the same bytes from the same person are stored and recorded once.
    if (request.is('multipart/form-data')) return next.handle();
    let validKey: string;
    try {
      // A repeated header arrives as an array: it is no valid key either.
      validKey = idempotencyKeyOf(typeof key === 'string' ? key : '')!;
    } catch (problem) {
      return throwError(() => problem);
    }
    const userId = request.actor.userId;
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.originalUrl.split('?')[0]}\n${canonicalJson(request.body ?? null)}`)
      .digest('hex');
    const response = context.switchToHttp().getResponse<Response>();

    return from(this.claim(userId, validKey, requestHash)).pipe(
      mergeMap((existing) => {
        if (!existing) return this.runAndRemember(next, userId, validKey, response);
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
          const {
            status,
            code,
            detail,
            type: _type,
            title: _title,
            instance: _instance,
            ...extensions
          } = stored.problem as Record<string, unknown>;
          throw new ProblemException(status as number, code as string, detail as string, extensions);
        }
        response.setHeader('Idempotent-Replay', 'true');
        return of(stored.body);
      }),
    );
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

  private runAndRemember(next: CallHandler, userId: string, key: string, response: Response): Observable<unknown> {
    return next.handle().pipe(
      mergeMap(async (body) => {
        // If the answer cannot be kept, the key is released: a retry runs again and appends nothing.
        await this.complete(userId, key, response.statusCode, { body: body ?? null }).catch(() => this.release(userId, key));
        return body;
      }),
      catchError((error: unknown) =>
        from(
          (async () => {
            const problem = toProblem(error);
            // Client errors are answers too and are replayed; server trouble frees the key for a retry.
            if (problem.status < 500) {
              await this.complete(userId, key, problem.status, { problem: problem.toDocument() }).catch(() => this.release(userId, key));
            } else await this.release(userId, key);
            throw error;
          })(),
        ),
      ),
    );
  }

  /** Frees the key; if even that fails, the lease frees it later. */
  private async release(userId: string, key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM api.idempotency_keys WHERE user_id = $1 AND key = $2', [userId, key]).catch(() => undefined);
  }

  private async complete(userId: string, key: string, status: number, stored: unknown): Promise<void> {
    await this.dataSource.query(
      'UPDATE api.idempotency_keys SET completed = true, status_code = $3, response = $4 WHERE user_id = $1 AND key = $2',
      [userId, key, status, JSON.stringify(stored)],
    );
  }
}
