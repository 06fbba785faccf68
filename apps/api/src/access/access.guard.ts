import { ProblemException, TOKEN_VERIFIER, TokenVerifier } from '@chengguo/common';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common/enums/request-method.enum';
import { ACCESS_MATRIX, routeKey } from './access-matrix';

/**
 * Declared routes by controller class and handler (an inherited handler may sit under another
 * class's path): the metadata never changes after start-up, so it is read once per route.
 */
const declaredRoutes = new WeakMap<object, WeakMap<object, string>>();

/** The route as declared on the controller (adapter-independent: Express and Fastify alike). */
function declaredRoute(context: ExecutionContext): string {
  const controller = context.getClass();
  const handler = context.getHandler();
  let byHandler = declaredRoutes.get(controller);
  if (!byHandler) declaredRoutes.set(controller, (byHandler = new WeakMap()));
  let key = byHandler.get(handler);
  if (key === undefined) byHandler.set(handler, (key = readDeclaredRoute(context)));
  return key;
}

function readDeclaredRoute(context: ExecutionContext): string {
  const join = (...parts: Array<string | string[] | undefined>) =>
    `/${parts
      .map((p) => (Array.isArray(p) ? p[0] : p) ?? '')
      .join('/')
      .split('/')
      .filter(Boolean)
      .join('/')}`;
  const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, context.getHandler()) as number];
  return routeKey(
    method,
    join(Reflect.getMetadata(PATH_METADATA, context.getClass()), Reflect.getMetadata(PATH_METADATA, context.getHandler())),
  );
}

/**
 * Authentication and authorisation, in one place, before pipes and handlers: the bearer token is
 * verified, then the access matrix decides whether the caller's role may use this endpoint. The
 * verified caller's rate limit is taken next, by CallerThrottlerGuard. Being a guard, it works the
 * same on Express and Fastify.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(@Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined>; actor?: unknown }>();
    const key = declaredRoute(context);
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
