import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { ErrorCode } from '../../errors.ts';

/**
 * Who may call a route: `reader` needs `Authorization: Bearer <reader token>`; `reader-optional`
 * reads it when sent; `admin` needs the session cookie (and `X-Parley-CSRF` on changes); `metrics`
 * the metrics token when one is set.
 */
export type Auth = 'none' | 'reader' | 'reader-optional' | 'admin' | 'metrics';

export type RouteDoc = {
  summary: string;
  tag: 'threads' | 'comments' | 'readers' | 'live' | 'admin' | 'operations' | 'files' | 'pages';
  auth?: Auth;
  /** The contract schemas the handler validates with: the spec is generated from these objects. */
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Path parameters' schemas; a `:name` not listed is a string. */
  params?: Record<string, z.ZodType>;
  /** Success answers: status → description (and content type when not JSON). */
  responses: Record<number, string | { description: string; type: string }>;
  /** Error codes beyond those implied by auth and validation (errors.ts gives their status). */
  errors?: ErrorCode[];
};

const DOCS = new WeakMap<object, RouteDoc>();

/**
 * Names what a route takes and answers, for `/api/v1/openapi.json`: put it before the handler,
 * `.get('/threads', describe({ … query: ThreadQuery … }), handler)`, with the same contract schemas
 * the handler parses with. It does nothing at request time.
 */
export function describe(doc: RouteDoc): MiddlewareHandler {
  const middleware: MiddlewareHandler = (_c, next) => next();
  DOCS.set(middleware, doc);
  return middleware;
}

export const docOf = (handler: unknown): RouteDoc | undefined => (typeof handler === 'function' ? DOCS.get(handler) : undefined);
