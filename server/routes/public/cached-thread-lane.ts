import type { Services } from '../../services/context.ts';
import type { ContentEncoding, ThreadAnswer } from '../../services/threads/thread-answer.ts';
import { peekThreadPage } from '../../services/threads/threads.ts';
import { preferredEncoding } from '../accept-encoding.ts';
import { baseHeaderSet } from '../middleware/base-headers.ts';
import { EXPOSE_HEADERS, readGrant } from '../middleware/cors.ts';
import { requestIdOf, requestRecorder } from '../middleware/request-log.ts';
import { matchesEtag, threadHeaders } from './thread-headers.ts';
import { threadQuery } from './threads.ts';

const PATH = '/api/v1/threads';
const NO_ORIGINS: ReadonlySet<string> = new Set();
const GRANTS_KEPT = 100;

/**
 * GET /api/v1/threads answered from memory before Hono routes it: the read every reader of a busy
 * article makes, once its answer is cached. It returns a Response whose body is ready bytes and
 * whose headers are a plain object, which @hono/node-server writes at once (no promise, no Headers
 * object, no copy); through Hono the same answer ran the middleware chain, a Headers object per
 * request and a promise per middleware, three times the server's CPU of a bare route per request.
 *
 * It does what the middleware and the route do for this read, with their own functions: request id,
 * log line and metrics (requestLog), the base headers, CORS for the site the read names (publicCors),
 * ETag/304 and the coding (routes/public/threads.ts); tests/server/cached-thread-lane.test.ts holds
 * its answers to the route's, header by header. Whatever it cannot answer from memory (a query string
 * not parsed before, a site, page row or answer not held, HEAD, shutting down) it leaves: `undefined`,
 * and Hono serves the request as before.
 */
export function cachedThreadLane(services: Services, options: { isSecure: boolean; ownOrigin: string }): (request: Request) => Response | undefined {
  const { sites, ops } = services;
  const base = baseHeaderSet(options);
  const record = requestRecorder(ops, 'GET', PATH);
  // Per answer (so per ETag), per CORS grant ('' for none), per status and coding: built once.
  type Kind = 304 | ContentEncoding | null;
  const sets = new WeakMap<ThreadAnswer, Map<string, Map<Kind, Readonly<Record<string, string>>>>>();
  const headersOf = (answer: ThreadAnswer, etag: string, kind: Kind, grant: string | null) => {
    let byGrant = sets.get(answer);
    if (!byGrant) sets.set(answer, (byGrant = new Map()));
    let byKind = byGrant.get(grant ?? '');
    if (!byKind) {
      // A granted origin is one some site allows: few per answer.
      if (byGrant.size >= GRANTS_KEPT) byGrant.clear();
      byGrant.set(grant ?? '', (byKind = new Map()));
    }
    let set = byKind.get(kind);
    if (!set) {
      const own = threadHeaders(etag, kind === 304 ? null : kind);
      const made: Record<string, string> = { ...base };
      if (grant) Object.assign(made, { 'Access-Control-Allow-Origin': grant, 'Access-Control-Expose-Headers': EXPOSE_HEADERS });
      set = Object.freeze(Object.assign(made, kind === 304 ? own.notModified : own.ok));
      byKind.set(kind, set);
    }
    return set;
  };

  const serve = (request: Request): Response | undefined => {
    const started = performance.now();
    const url = request.url;
    const pathAt = url.indexOf('/', url.indexOf('//') + 2);
    const queryAt = url.indexOf('?', pathAt);
    const pathEnd = queryAt === -1 ? url.length : queryAt;
    if (pathEnd - pathAt !== PATH.length || !url.startsWith(PATH, pathAt)) return undefined;
    const query = threadQuery.peek(queryAt === -1 ? '' : url.slice(queryAt));
    if (!query) return undefined;
    const thread = peekThreadPage(services, query);
    if (!thread) return undefined;

    const headers = request.headers;
    const origin = headers.get('origin') ?? undefined;
    let allOrigins: ReadonlySet<string> | undefined = NO_ORIGINS;
    if (origin && origin !== options.ownOrigin) allOrigins = sites.peekAllOrigins();
    if (!allOrigins) return undefined;
    const grant = readGrant(origin, thread.site, allOrigins, options.ownOrigin);
    const requestId = requestIdOf(headers.get('x-request-id'));

    if (matchesEtag(headers.get('if-none-match'), thread.etag)) {
      const response = new Response(null, { status: 304, headers: { ...headersOf(thread.answer, thread.etag, 304, grant), 'X-Request-Id': requestId } });
      record(requestId, 304, started);
      return response;
    }
    const encoding = thread.answer.encodingFor(preferredEncoding(headers.get('accept-encoding')));
    // Not compressed in this coding yet (the first such read of this version): the route makes it.
    const body = thread.answer.ready(encoding);
    if (!body) return undefined;
    const response = new Response(body, { status: 200, headers: { ...headersOf(thread.answer, thread.etag, encoding, grant), 'X-Request-Id': requestId } });
    record(requestId, 200, started);
    return response;
  };

  return (request) => {
    if (request.method !== 'GET' || ops.lifecycle.isStopping) return undefined;
    try {
      return serve(request);
    } catch {
      // Hono serves it instead, and its error handler answers and logs whatever went wrong.
      return undefined;
    }
  };
}
