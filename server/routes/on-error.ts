import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError } from '../errors.ts';
import type { Logger } from '../ops/logger.ts';

const EMAIL = /[^\s@<>"'(),;]+@[^\s@<>"'(),;]+/g;

// SQLSTATE classes that mean "the database is not there right now", not "your input was bad".
// 55000 is what a database that refuses new connections answers (ALTER DATABASE … ALLOW_CONNECTIONS
// false, as during a maintenance window); no input of the client's causes it.
// 40001 / 40P01 (serialization failure, deadlock): the transaction was rolled back whole, so the
// same request may simply be sent again.
const UNAVAILABLE = /^(08|57P0|53|55000$|40001$|40P01$)/;
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;
// The socket to the database went away: a restart or failover kills it mid-query (ECONNRESET,
// EPIPE), or postgres.js gives up on it (CONNECTION_*, CONNECT_TIMEOUT). Reproduced by
// tests/server/database-outage.test.ts, which used to see these answered as 500s.
const LOST_CONNECTION = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  // Node's own words for writing to a socket that a kill has just destroyed.
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
  'ERR_SOCKET_CLOSED',
]);

/** The SQLSTATE or socket code of an error, or of what caused it (drizzle wraps the driver's error, which may wrap the socket's). */
function codeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function asAppError(error: unknown): AppError | null {
  // Ours, or ours wrapped: drizzle wraps what the client throws under a query in "Failed query"
  // (a full PGlite queue refuses with a 503 there, and it must stay one).
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof AppError) return e;
  }
  if (error instanceof HTTPException) {
    if (error.status === 413) return new AppError('payload_too_large', 'The request body is too large');
    if (error.status === 400) return new AppError('bad_request', error.message || 'Bad request');
  }
  const code = codeOf(error);
  if (typeof code === 'string' && (UNAVAILABLE.test(code) || LOST_CONNECTION.has(code))) {
    return new AppError('unavailable', 'The service is briefly unavailable; try again');
  }
  // Class 22 is "data exception": a value the database will not store (a NUL in jsonb, 22P05; a
  // number out of range, 22003). Contracts should stop these first; if one slips through it is
  // still the client's input, so a 4xx and not a 500.
  if (typeof code === 'string' && DATA_EXCEPTION.test(code)) {
    return new AppError('validation', 'A value in the request cannot be stored as given');
  }
  return null;
}

/** The one place errors become responses: AppErrors by their table, anything else a bare 500. */
export function onError(error: Error, c: Context) {
  const known = asAppError(error);
  if (known) {
    if (known.retryAfter !== undefined) c.header('Retry-After', String(known.retryAfter));
    // Unless the error names its own wait (a full PGlite queue, the live-connection cap).
    if (known.code === 'unavailable' && known.retryAfter === undefined) c.header('Retry-After', '2');
    // The rest of an oversized body is never read: the socket cannot carry another request, so it
    // closes after this answer and a keep-alive client opens a new one (tests/server/oversized-body.test.ts).
    if (known.code === 'payload_too_large') c.header('Connection', 'close');
    return c.json(known.toJSON(), known.status);
  }
  // The message and stack only: a driver error's own fields may carry query parameters (e-mails).
  const log = c.get('log') as Logger | undefined;
  const err = { type: error?.name, message: String(error?.message ?? error).replace(EMAIL, '<email>'), code: (error as { code?: unknown })?.code, stack: error?.stack?.replace(EMAIL, '<email>') };
  if (log) log.error({ err }, 'unhandled error');
  else console.error('[parley] unhandled error', c.req.method, c.req.path, error);
  return c.json({ error: { code: 'internal', message: 'Something went wrong on our side' } }, 500);
}
