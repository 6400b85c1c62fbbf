import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../errors.ts';

/**
 * Every API answer within `ms`: past it the client gets a clean 503 `unavailable` with
 * Retry-After instead of a hang. While PostgreSQL refuses connections, a query can wait on the
 * driver's reconnect loop far longer than any reader would (tests/server/database-outage.test.ts
 * saw a GET hang past 15 s under load). A stream (SSE) returns its Response at once, so it is not cut.
 */
export function deadline(ms: number): MiddlewareHandler {
  // One promise per request, settled by whichever comes first (no Promise.race of two).
  return (c, next) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new AppError('unavailable', 'The service is briefly unavailable; try again')), ms);
      next().then(
        () => (clearTimeout(timer), resolve()),
        (error: unknown) => (clearTimeout(timer), reject(error)),
      );
    });
}
