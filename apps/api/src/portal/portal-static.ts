import { NestExpressApplication } from '@nestjs/platform-express';
import { static as serveStatic, NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The portal's client routes live under `/app/` (and `/` itself): no API route starts with `/app`
 * or `/assets`, so a page route can never shadow an endpoint, and an API call never gets HTML.
 */
export const PORTAL_ROUTE_PREFIX = '/app';

/** The built portal: PORTAL_DIR, else dist/web beside the API's build (from dist/ or from the sources). */
export function portalDirectory(configured?: string): string | null {
  const candidates = configured
    ? [resolve(configured)]
    : [resolve(__dirname, '..', '..', '..', '..', 'web'), resolve(__dirname, '..', '..', '..', '..', 'dist', 'web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the built single-page app from the API's own port: hashed assets under /assets (cached
 * for a year, they never change under a name), and index.html for HTML navigations to `/` and to
 * the client routes under /app/ (history fallback, never cached so a deploy is picked up at once).
 */
export function servePortal(app: NestExpressApplication, directory: string): void {
  const index = join(directory, 'index.html');
  app.use('/assets', serveStatic(join(directory, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  app.use((request: Request, response: Response, next: NextFunction) => {
    const isPage = request.path === '/' || request.path === PORTAL_ROUTE_PREFIX || request.path.startsWith(`${PORTAL_ROUTE_PREFIX}/`);
    if (!isPage || (request.method !== 'GET' && request.method !== 'HEAD')) return next();
    if (request.path !== '/' && !request.accepts('html')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
  app.use(serveStatic(directory, { index: false, fallthrough: true, maxAge: '1d' }));
}
