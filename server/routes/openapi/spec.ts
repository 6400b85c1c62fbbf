import { Hono } from 'hono';
import { z } from 'zod';
import { STATUS, type ErrorCode } from '../../errors.ts';
import { describe, docOf, type RouteDoc } from './describe.ts';

type RouteEntry = { method: string; path: string; handler: unknown };
type JsonSchema = Record<string, unknown>;

const ErrorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    field: z.string().optional().describe('The request field at fault, when there is one'),
  }),
});

/** A zod schema as JSON Schema (2020-12, which OpenAPI 3.1 uses): what the client sends. */
function toSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
}

const errorsFor = (doc: RouteDoc): ErrorCode[] => {
  const codes = new Set<ErrorCode>(doc.errors ?? []);
  if (doc.query || doc.body || doc.params) codes.add('validation');
  if (doc.body) codes.add('bad_request').add('payload_too_large');
  if (doc.auth === 'reader') codes.add('reader_required');
  if (doc.auth === 'admin') codes.add('unauthorized').add('csrf');
  if (doc.auth === 'metrics') codes.add('unauthorized');
  if (doc.tag !== 'files' && doc.tag !== 'pages') codes.add('unavailable');
  return [...codes];
};

const security: Record<string, Array<Record<string, string[]>> | undefined> = {
  reader: [{ readerToken: [] }],
  'reader-optional': [{}, { readerToken: [] }],
  admin: [{ adminSession: [], adminCsrf: [] }],
  metrics: [{}, { metricsToken: [] }],
};

function operation(method: string, path: string, doc: RouteDoc): JsonSchema {
  const parameters: JsonSchema[] = [];
  for (const name of path.match(/:(\w+)/g) ?? []) {
    const key = name.slice(1);
    const schema = doc.params?.[key];
    // Ids are checked by idParam (routes/validate.ts): digits, 1 to 15 of them.
    const fallback = key === 'id' ? { type: 'string', pattern: '^[0-9]{1,15}$' } : { type: 'string' };
    parameters.push({ name: key, in: 'path', required: true, schema: schema ? toSchema(schema) : fallback });
  }
  if (doc.query) {
    for (const [name, field] of Object.entries(doc.query.shape as Record<string, z.ZodType>)) {
      const schema = toSchema(field);
      const isOptional = field.safeParse(undefined).success;
      parameters.push({ name, in: 'query', required: !isOptional, schema, ...(schema.type === 'array' ? { style: 'form', explode: true } : {}) });
    }
  }
  const responses: Record<string, JsonSchema> = {};
  for (const [status, answer] of Object.entries(doc.responses)) {
    const { description, type } = typeof answer === 'string' ? { description: answer, type: 'application/json' } : answer;
    responses[status] = Number(status) === 204 || Number(status) === 304 ? { description } : { description, content: { [type]: {} } };
  }
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorsFor(doc)) byStatus.set(STATUS[code], [...(byStatus.get(STATUS[code]) ?? []), code]);
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = { description: `Error: ${codes.join(', ')}`, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  return {
    operationId: `${method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(\w)?/g, (_, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
    summary: doc.summary,
    tags: [doc.tag],
    ...(security[doc.auth ?? 'none'] ? { security: security[doc.auth ?? 'none'] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(doc.body) } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every route that carries a `describe()`, from the app's own route table. */
export function buildSpec(routes: readonly RouteEntry[], info: { version: string; serverUrl: string }): { spec: JsonSchema; undocumented: string[] } {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const documented = new Set<string>();
  for (const route of routes) {
    const doc = docOf(route.handler);
    if (!doc || route.method === 'ALL') continue;
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(route.method, route.path, doc);
    documented.add(`${route.method} ${route.path}`);
  }
  const undocumented = [...new Set(routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].filter((r) => !documented.has(r));
  const spec = {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version: info.version,
      description: 'Comments and moderation. Errors are always `{ "error": { "code", "message", "field"? } }`. Generated from the zod contracts in server/contract/.',
    },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      schemas: { Error: toSchema(ErrorBody) },
      securitySchemes: {
        readerToken: { type: 'http', scheme: 'bearer', description: 'A reader token from POST /api/v1/readers (or /readers/sso)' },
        adminSession: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
        adminCsrf: { type: 'apiKey', in: 'header', name: 'X-Parley-CSRF', description: 'The session\'s CSRF token (from GET /api/v1/admin/me), on every state change' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'PARLEY_METRICS_TOKEN, when set' },
      },
    },
  };
  return { spec, undocumented };
}

/** `GET /api/v1/openapi.json`, built once from the finished app's routes. */
export function openApiRoutes(routes: () => readonly RouteEntry[], info: { version: string; serverUrl: string }) {
  let body: string | null = null;
  const doc = describe({ summary: 'This document: OpenAPI 3.1, generated from the zod contracts', tag: 'operations', responses: { 200: 'OpenAPI 3.1' } });
  return new Hono().get('/api/v1/openapi.json', doc, (c) => {
    body ??= JSON.stringify(buildSpec(routes(), info).spec);
    return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' });
  });
}
