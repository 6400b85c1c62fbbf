import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Lifecycle } from '../../ops/lifecycle.ts';
import type { Logger } from '../../ops/logger.ts';
import type { Metrics } from '../../ops/metrics.ts';

declare module 'hono' {
  interface ContextVariableMap {
    requestId: string;
    /** The request's logger: every line it writes carries the request id. */
    log: Logger;
  }
}

// A proxy's id is kept so one request can be followed across both logs; anything odd is replaced.
const GOOD_ID = /^[\w.:-]{1,100}$/;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The route pattern that answered (`/api/v1/comments/:id`), never the URL: labels and log lines stay
 * few and hold no page keys, tokens or e-mails from query strings.
 */
function routePattern(c: Parameters<MiddlewareHandler>[0], status: number): string {
  const routes = matchedRoutes(c);
  const handler = routes.filter((r) => r.method !== 'ALL').at(-1);
  if (handler) return handler.path;
  return status === 404 ? 'unmatched' : (routes.at(-1)?.path ?? 'unmatched');
}

/** The request's id: the proxy's `X-Request-Id` when it looks like one, else a new one. */
export const requestIdOf = (incoming: string | null | undefined): string => (incoming && GOOD_ID.test(incoming) ? incoming : randomUUID());

type RequestLine = { requestId: string; method: string; route: string; status: number; ms: number };
const writeLine = (logger: Logger, line: RequestLine) => (line.status >= 500 ? logger.warn(line, 'request') : logger.info(line, 'request'));

/**
 * What `requestLog` records, for a request answered before Hono sees it (the cached thread read):
 * the same metric samples and log line, with the metric series of one method and route bound once.
 */
export function requestRecorder(deps: { logger: Logger; metrics: Metrics }, method: string, route: string) {
  const counted = new Map<number, { inc(): void }>();
  const timed = deps.metrics.duration.labels({ method, route });
  return (requestId: string, status: number, started: number): void => {
    let count = counted.get(status);
    if (!count) counted.set(status, (count = deps.metrics.requests.labels({ method, route, status: String(status) })));
    const seconds = (performance.now() - started) / 1000;
    count.inc();
    timed.observe(seconds);
    writeLine(deps.logger, { requestId, method, route, status, ms: Math.round(seconds * 10_000) / 10 });
  };
}

/**
 * One JSON log line and one metric sample per request: request id, method, route pattern, status,
 * duration. No query string, header, body, IP or token is logged. The id is echoed as `X-Request-Id`.
 */
export function requestLog(deps: { logger: Logger; metrics: Metrics; lifecycle: Lifecycle }): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const requestId = requestIdOf(c.req.header('x-request-id'));
    c.set('requestId', requestId);
    c.set('log', deps.logger.child({ requestId }));
    c.header('X-Request-Id', requestId);
    await next();
    // While shutting down, a kept-alive connection would hold the process open: ask to close it.
    if (deps.lifecycle.isStopping) c.header('Connection', 'close');
    const status = c.res.status;
    const method = METHODS.has(c.req.method) ? c.req.method : 'OTHER';
    const route = routePattern(c, status);
    const seconds = (performance.now() - started) / 1000;
    deps.metrics.requests.inc({ method, route, status: String(status) });
    deps.metrics.duration.observe({ method, route }, seconds);
    writeLine(deps.logger, { requestId, method, route, status, ms: Math.round(seconds * 10_000) / 10 });
  };
}
