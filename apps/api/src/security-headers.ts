import { EnvironmentVariables } from '@chengguo/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { ServerResponse } from 'node:http';

type Middleware = (request: Request, response: Response, next: NextFunction) => void;

/** The OIDC issuer's origin: the portal's sign-in talks to it from the browser. */
function issuerOrigin(issuer: string | undefined): string[] {
  if (!issuer) return [];
  try {
    return [new URL(issuer).origin];
  } catch {
    return [];
  }
}

/**
 * The Content-Security-Policy of every page the API serves (the audit timeline page, the portal):
 * scripts only from this origin and never inline (a bearer token lives in these pages, so an
 * injected script must not run), inline styles allowed (the timeline page's <style>, Ant Design),
 * fetches to this origin and the OIDC issuer, no framing.
 */
export function contentSecurityPolicy(env: Pick<EnvironmentVariables, 'AUTH_ISSUER'>): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...issuerOrigin(env.AUTH_ISSUER)],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    'base-uri': ["'self'"],
    'object-src': ["'none'"],
  };
}

/**
 * helmet on every answer (CSP, nosniff, no referrer, no framing, same-origin opener and resource
 * policies), Permissions-Policy, and Strict-Transport-Security when the request came over TLS —
 * directly or through a proxy trusted by TRUST_PROXY (`secure`) — or always/never as HSTS says.
 * Written by the front door (front-door.ts) on every response before routing.
 */
export function securityHeaderWriter(
  env: Pick<EnvironmentVariables, 'AUTH_ISSUER' | 'HSTS'>,
): (response: ServerResponse, secure: boolean) => void {
  const common = {
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' as const },
    referrerPolicy: { policy: 'no-referrer' as const },
    crossOriginOpenerPolicy: { policy: 'same-origin' as const },
    crossOriginResourcePolicy: { policy: 'same-origin' as const },
    crossOriginEmbedderPolicy: false,
  };
  // Swagger UI (/docs) loads its scripts as files and its icons as data: images: the same policy holds.
  const pages = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(env) } });
  const hsts = helmet.strictTransportSecurity({ maxAge: 365 * 24 * 3600, includeSubDomains: true });
  // helmet's values depend on nothing in the request: they are taken from it once and set per
  // answer as a list, instead of running its dozen middlewares per request (ADR 28, round three).
  const always = [...headersSetBy(pages), ['Permissions-Policy', 'camera=(), microphone=(), geolocation=()'] as const];
  const [transportSecurity] = headersSetBy(hsts);
  return (response, secure) => {
    for (const [name, value] of always) response.setHeader(name, value);
    if (env.HSTS === 'always' || (env.HSTS === 'auto' && secure)) response.setHeader(transportSecurity[0], transportSecurity[1]);
  };
}

/** The headers a helmet middleware sets, from one run against a stand-in response. */
function headersSetBy(middleware: Middleware): (readonly [string, string])[] {
  const headers: (readonly [string, string])[] = [];
  const response = {
    setHeader: (name: string, value: string) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  middleware({} as Request, response as unknown as Response, () => undefined);
  return headers;
}

/** TRUST_PROXY as Express reads it: a hop count, true/false, or addresses and names. */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
