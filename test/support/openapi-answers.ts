import { INestApplication } from '@nestjs/common';
import request from 'supertest';

type Schema = {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: boolean | Schema;
  enum?: unknown[];
  allOf?: Schema[];
};
interface Document {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components: { schemas: Record<string, Schema> };
}

/**
 * Real answers checked against what the OpenAPI document says of them (status, media type, and the
 * JSON schema's types, required members, nullability and enums), for the views the fuzzer cannot
 * reach with data of its own. Returns the mismatches, so a spec can expect none.
 */
export async function documentedAnswers(api: INestApplication) {
  const document: Document = (await request(api.getHttpServer()).get('/docs-json').expect(200)).body;
  return (
    method: string,
    path: string,
    res: { status: number; headers: Record<string, string>; body: unknown; text?: string },
  ): string[] => {
    const response = document.paths[path]?.[method]?.responses[String(res.status)];
    if (!response) return [`${method.toUpperCase()} ${path} does not document ${res.status}`];
    const mediaType = String(res.headers['content-type'] ?? '').split(';')[0];
    const media = Object.entries(response.content ?? {}).find(([type]) => type.split(';')[0] === mediaType)?.[1];
    if (!media?.schema) return [`${method.toUpperCase()} ${path} ${res.status} does not document ${mediaType}`];
    // Supertest parses JSON into body; any other text (CSV) is the string itself.
    return mismatches(document, media.schema, /json$/.test(mediaType) ? res.body : res.text, '$');
  };
}

function mismatches(document: Document, schema: Schema, value: unknown, at: string): string[] {
  if (schema.$ref) return mismatches(document, document.components.schemas[schema.$ref.split('/').pop() as string], value, at);
  if (schema.allOf) return schema.allOf.flatMap((part) => mismatches(document, part, value, at));
  if (value === null) return schema.nullable ? [] : [`${at} is null`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at} is ${JSON.stringify(value)}, not one of ${JSON.stringify(schema.enum)}`];
  const type = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  const expected = schema.type ?? (schema.properties ? 'object' : undefined);
  if (expected && !(expected === type || (expected === 'number' && type === 'integer'))) return [`${at} is ${type}, not ${expected}`];
  if (type === 'array' && schema.items)
    return (value as unknown[]).flatMap((item, i) => mismatches(document, schema.items as Schema, item, `${at}[${i}]`));
  if (type !== 'object') return [];
  const object = value as Record<string, unknown>;
  const found = (schema.required ?? []).filter((name) => !(name in object)).map((name) => `${at}.${name} is missing`);
  for (const [name, member] of Object.entries(object)) {
    const declared =
      schema.properties?.[name] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (declared) found.push(...mismatches(document, declared, member, `${at}.${name}`));
  }
  return found;
}
