import { EnvironmentVariables, FieldProblems, JsonLogger, ProblemException } from '@chengguo/common';
import { getMetadataStorage, ValidationError } from 'class-validator';
import { INestApplication, ValidationPipe } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { json, NextFunction, Request, Response } from 'express';
import { APP_METRICS, AppMetrics } from '@chengguo/operations';
import { ApiModule } from './app.module';
import { frontDoor } from './front-door';
import { buildOpenApiDocument } from './openapi';
import { portalDirectory, servePortal } from './portal/portal-static';
import { ProblemDetailsFilter } from './problem-details.filter';
import { trustProxySetting } from './security-headers';
import { refuseUnstorableText } from './unstorable-text.middleware';

/** Builds the HTTP API (used by main.ts and by the e2e tests). */
export async function createApiApp(): Promise<INestApplication> {
  const logger = new JsonLogger('api', (process.env.LOG_LEVEL as never) ?? 'log');
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(), {
    logger,
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  app.useLogger(logger);
  const config = app.get(ConfigService<EnvironmentVariables, true>);
  // Before anything reads the client's address or scheme (per-address limit, logs, HSTS).
  app.set('trust proxy', trustProxySetting(config.get('TRUST_PROXY', { infer: true })));
  app.disable('x-powered-by');
  // No weak ETag (a SHA-1 of every JSON body): no client revalidates command answers or lists, and
  // the routes that offer a validator set their own (revisions, file hashes); the portal's files get
  // theirs from the static file server, which does not read this setting.
  app.set('etag', false);
  // Correlation id, access log, security headers and the per-address limit: one middleware (ADR 28, round four).
  app.use(
    frontDoor({
      logger,
      metrics: app.get<AppMetrics>(APP_METRICS),
      // Defaults to ten times the per-caller limit (computed here, not written back into the environment).
      perAddressPerMinute:
        config.get('RATE_LIMIT_PER_ADDRESS_PER_MINUTE', { infer: true }) ?? config.get('RATE_LIMIT_PER_MINUTE', { infer: true }) * 10,
      env: { AUTH_ISSUER: config.get('AUTH_ISSUER', { infer: true }), HSTS: config.get('HSTS', { infer: true }) },
    }),
  );
  app.use(json({ limit: '256kb', type: ['application/json', 'application/*+json'] }));
  app.use(bodyParserProblems);
  app.use(refuseUnstorableText);
  // The portal, when built (npm run build): same origin as the API, so no CORS and one process to start.
  const portal = portalDirectory(config.get('PORTAL_DIR', { infer: true }));
  if (portal) servePortal(app, portal);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // The object a field failed in: its constraints' arguments name the limits in localized messages.
      validationError: { target: true, value: false },
      exceptionFactory: (errors) =>
        new ProblemException(422, 'VALIDATION_FAILED', 'The request body is not valid.', {
          errors: flatten(errors),
        }),
    }),
  );
  app.enableShutdownHooks();

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/**
 * Every failed field with its messages (class-validator's English) and the rules behind them with
 * their arguments, from which the problem filter writes the messages in the caller's language.
 */
function flatten(errors: ValidationError[], parent = ''): FieldProblems[] {
  return errors.flatMap((e) => {
    const property = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints
      ? [
          {
            property,
            problems: Object.values(e.constraints),
            rules: Object.keys(e.constraints).map((rule) => ({ rule, args: constraintArgs(e, rule) })),
          },
        ]
      : [];
    return [...own, ...flatten(e.children ?? [], property)];
  });
}

/** The arguments a field's decorator was given (a limit, the allowed values), as plain JSON. */
function constraintArgs(error: ValidationError, rule: string): unknown[] {
  const target = error.target as object | undefined;
  if (!target) return [];
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === error.property && m.name === rule);
  return (metadata?.constraints ?? [])
    .filter((arg: unknown) => arg !== undefined && typeof arg !== 'function' && !(arg instanceof RegExp))
    .map((arg: unknown) => (typeof arg === 'object' && arg !== null && !Array.isArray(arg) ? JSON.stringify(arg) : arg));
}

export function listenPort(app: INestApplication): number {
  return app.get(ConfigService<EnvironmentVariables, true>).get('HTTP_PORT', { infer: true });
}

/** body-parser's errors, named: Nest would otherwise flatten them into a bare 400. */
function bodyParserProblems(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  const type = (error as { type?: string })?.type;
  const byType: Record<string, ProblemException> = {
    'entity.parse.failed': new ProblemException(400, 'MALFORMED_JSON', 'The request body is not valid JSON.'),
    'entity.too.large': new ProblemException(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 256 KiB.'),
    'encoding.unsupported': new ProblemException(415, 'UNSUPPORTED_ENCODING', 'Unsupported content encoding.'),
    'charset.unsupported': new ProblemException(415, 'UNSUPPORTED_CHARSET', 'Send JSON as UTF-8.'),
    'request.aborted': new ProblemException(400, 'REQUEST_ABORTED', 'The request was aborted.'),
  };
  next((type && byType[type]) || error);
}
