import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ApiModule } from './app.module';

/** The API's OpenAPI document: served at /docs-json, and the source of the portal's generated client. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return optionalCommandHeaders(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Chengguo API')
        .setDescription('Event-sourced approvals and disclosures for technology transfer (成果转化). Errors are RFC 7807 problem+json.')
        .setVersion('0.1.0')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
        .addSecurityRequirements('bearer')
        .build(),
    ),
  );
}

/** Headers every command reads and none requires: a retry key, and the revision the caller saw. */
const OPTIONAL_HEADERS = new Set(['idempotency-key', 'if-match']);

/**
 * Nest documents each `@Headers('name')` argument as a required parameter, beside the explicit
 * `Idempotency-Key` / `If-Match` declarations: one header twice, and a client generated from the
 * document would demand both. Keep one per header (the explicit one) and say they are optional.
 */
function optionalCommandHeaders(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Array<{ parameters?: Array<Record<string, unknown>> }>) {
      if (!operation || !Array.isArray(operation.parameters)) continue;
      const seen = new Set<string>();
      const explicitFirst = [...operation.parameters].sort(
        (a, b) => Number(a.name === String(a.name).toLowerCase()) - Number(b.name === String(b.name).toLowerCase()),
      );
      const keep = new Set(
        explicitFirst.filter((p) => {
          if (p.in !== 'header') return true;
          const name = String(p.name).toLowerCase();
          if (seen.has(name)) return false;
          seen.add(name);
          return true;
        }),
      );
      operation.parameters = operation.parameters.filter((p) => keep.has(p));
      for (const p of operation.parameters) if (p.in === 'header' && OPTIONAL_HEADERS.has(String(p.name).toLowerCase())) p.required = false;
    }
  }
  return document;
}

/**
 * The document without a running API: the module graph in preview mode connects to nothing, so the
 * client can be generated (and checked) on a machine with no database. Configuration is still
 * validated, hence placeholders for what the graph never uses here.
 */
export async function openApiDocumentOffline(): Promise<OpenAPIObject> {
  const placeholders: Record<string, string> = {
    DATABASE_URL: 'postgres://offline@127.0.0.1:1/offline',
    AUTH_MODE: 'dev',
    AUTH_DEV_SECRET: 'offline-document-generation-only-0000',
  };
  const previous = Object.fromEntries(Object.keys(placeholders).map((key) => [key, process.env[key]]));
  Object.assign(process.env, placeholders);
  try {
    const app = await NestFactory.create(ApiModule.forRoot(), { preview: true, logger: false, abortOnError: false });
    const document = openApiDocument(app);
    await app.close();
    return document;
  } finally {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
