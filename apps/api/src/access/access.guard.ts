import { ProblemException, TOKEN_VERIFIER, TokenVerifier } from '@chengguo/common';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ACCESS_MATRIX, routeKey } from './access-matrix';

/**
 * Authentication and authorisation, in one place, before pipes and handlers: the bearer token is
 * verified, then the access matrix decides whether the caller's role may use this endpoint.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(@Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { actor?: unknown }>();
    const key = routeKey(request.method, (request.route as { path: string } | undefined)?.path ?? request.path);
    const access = ACCESS_MATRIX[key];
    if (access === 'public') return true;
    if (!access) throw new ProblemException(403, 'ROUTE_NOT_PERMITTED', `${key} is not open to any role.`);
    const header = request.headers.authorization;
    const token = typeof header === 'string' && /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(header) ? header.slice(7) : null;
    if (!token) throw new ProblemException(401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <token>.');
    const actor = await this.verifier.verify(token);
    if (!access.includes(actor.role)) {
      throw new ProblemException(403, 'ROLE_NOT_PERMITTED', `The role ${actor.role} may not call ${key}.`, { allowedRoles: access });
    }
    request.actor = actor;
    return true;
  }
}
