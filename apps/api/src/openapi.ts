import {
  PROBLEM_CODES_EXTENSION,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPE_BASE,
  ProblemCodes,
  ProblemDetails,
  mergeProblemCodes,
} from '@chengguo/common';
import { HttpStatus, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ApiModule } from './app.module';
import { ACCESS_MATRIX } from './access/access-matrix';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * What the platform answers on any operation, before or around the process's own code: the token
 * and the role (guard), unstorable text (middleware), the rate limits, and unreachable dependencies.
 */
const EVERY_OPERATION: ProblemCodes = {
  422: ['INPUT_CONTAINS_NUL', 'INPUT_CONTAINS_LONE_SURROGATE'],
  429: ['RATE_LIMITED'],
  503: ['DEPENDENCY_UNAVAILABLE'],
};
const AUTHENTICATED: ProblemCodes = { 401: ['UNAUTHENTICATED'], 403: ['ROLE_NOT_PERMITTED'] };
/** Path, query and header values are validated (ParseUUIDPipe, the ids' patterns, …). */
const WITH_PARAMETERS: ProblemCodes = { 422: ['VALIDATION_FAILED'] };
/** The body is parsed as JSON (at most 256 KiB, UTF-8) and validated against its request class. */
const WITH_BODY: ProblemCodes = {
  400: ['MALFORMED_JSON', 'REQUEST_ABORTED'],
  413: ['PAYLOAD_TOO_LARGE'],
  415: ['UNSUPPORTED_ENCODING', 'UNSUPPORTED_CHARSET'],
  422: ['VALIDATION_FAILED'],
};

/**
 * The OpenAPI document, complete (ADR 20): every operation's 2xx with its schema (from the
 * controllers' response classes) and every refusal as application/problem+json with the codes it
 * can carry — the operation's own (`x-problem-codes`, from ApiCommand/ApiProblems) and the
 * platform's — each with an example. test/contract/openapi-document.spec.ts holds it to that, and
 * the Schemathesis run checks it against the running API.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Chengguo API')
      .setDescription(
        'Event-sourced approvals and disclosures for technology transfer (成果转化). Refusals are RFC 7807 ' +
          'application/problem+json with a stable `code` (README "API conventions"): 422 an invalid request, ' +
          '409 a rule the current state refuses or a concurrent change, 403 a role or party refusal, 404 an ' +
          'unknown or unreadable record. Money is integer fen in fields named …Fen.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addSecurityRequirements('bearer')
      .build(),
    { extraModels: [ProblemDetails] },
  );
  return completeDocument(optionalCommandHeaders(document));
}

export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  closeRequestSchemas(document);
  documentValidationConstraints(document);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as unknown as Record<string, OperationObject | undefined>)[method];
      if (!operation) continue;
      const isPublic = ACCESS_MATRIX[`${method.toUpperCase()} ${path}`] === 'public';
      if (isPublic) operation.security = [];
      const own = (operation as unknown as Record<string, unknown>)[PROBLEM_CODES_EXTENSION] as ProblemCodes | undefined;
      const codes = mergeProblemCodes(
        EVERY_OPERATION,
        isPublic ? {} : AUTHENTICATED,
        (operation.parameters ?? []).length > 0 ? WITH_PARAMETERS : {},
        operation.requestBody ? WITH_BODY : {},
        own,
      );
      (operation as unknown as Record<string, unknown>)[PROBLEM_CODES_EXTENSION] = codes;
      for (const [status, list] of Object.entries(codes) as Array<[string, string[]]>) {
        // An answer the operation documents itself in another form (health's 503 is its JSON report) stays.
        const declared = operation.responses[status] as ResponseObject | undefined;
        if (declared?.content && !declared.content[PROBLEM_CONTENT_TYPE] && !own?.[Number(status) as keyof ProblemCodes]) continue;
        operation.responses[status] = problemResponse(Number(status), list, path);
      }
    }
  }
  return document;
}

/**
 * Request bodies admit no member their class does not declare (the validation pipe forbids them), so
 * their schemas — and those they reference — say `additionalProperties: false`. Response classes are
 * left open: a view may gain fields without breaking clients.
 */
function closeRequestSchemas(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Record<string, unknown>>;
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const ref = (node as { $ref?: string }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      const name = ref.slice('#/components/schemas/'.length);
      if (seen.has(name) || !schemas[name]) return;
      seen.add(name);
      const schema = schemas[name];
      if (schema.type === 'object' || schema.properties) schema.additionalProperties = false;
      return visit(schema);
    }
    Object.values(node).forEach(visit);
  };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) visit((item as unknown as Record<string, OperationObject | undefined>)[method]?.requestBody);
  }
}

/**
 * The request classes' class-validator constraints, written into their schemas (lengths, patterns,
 * bounds, item counts), so the document says what the validation pipe accepts and generated
 * clients and the fuzzer send what it accepts. Read from class-validator's own metadata: one source.
 */
function documentValidationConstraints(document: OpenAPIObject): void {
  type Schema = Record<string, unknown>;
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema & { properties?: Record<string, Schema> }>;
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<Function, Array<{ propertyName: string; name?: string; constraints?: unknown[]; each?: boolean }>>;
  };
  for (const [target, metadatas] of storage.validationMetadatas ?? new Map()) {
    const properties = schemas[target.name]?.properties;
    if (!properties || schemas[target.name].additionalProperties !== false) continue; // request classes only
    for (const { propertyName, name, constraints = [], each } of metadatas) {
      const property = properties[propertyName];
      if (!property || property.$ref || property.allOf) continue;
      const isArray = property.type === 'array';
      const value = (isArray && each ? ((property.items ??= {}) as Schema) : property) as Schema;
      const [first] = constraints;
      switch (name) {
        case 'minLength':
          value.minLength = first;
          break;
        case 'maxLength':
          value.maxLength = first;
          break;
        case 'matches':
          if (first instanceof RegExp && !first.flags) value.pattern = first.source;
          break;
        case 'min':
          value.minimum = first;
          break;
        case 'max':
          value.maximum = first;
          break;
        case 'isInt':
          value.type = 'integer';
          break;
        case 'arrayMaxSize':
          property.maxItems = first;
          break;
        case 'arrayMinSize':
          property.minItems = first;
          break;
        case 'isIn':
          if (Array.isArray(first) && !value.enum) value.enum = first;
          break;
      }
    }
  }
}

function problemResponse(status: number, codes: string[], path: string): ResponseObject {
  const title = titleOf(status);
  return {
    description: `${title}: ${codes.join(', ')}`,
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: { $ref: '#/components/schemas/ProblemDetails' },
        examples: Object.fromEntries(
          codes.map((code) => [
            code,
            {
              summary: code,
              value: { type: `${PROBLEM_TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`, title, status, instance: path, code },
            },
          ]),
        ),
      },
    },
  };
}

/** The same title ProblemException gives a document. */
function titleOf(status: number): string {
  const name = HttpStatus[status];
  return name
    ? name
        .toLowerCase()
        .split('_')
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join(' ')
    : 'Error';
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
    const document = buildOpenApiDocument(app);
    await app.close();
    return document;
  } finally {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
