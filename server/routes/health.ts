import { timingSafeEqual, createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { AppError } from '../errors.ts';
import type { Services } from '../services/context.ts';
import { migrationState } from '../store/db.ts';
import { describe } from './openapi/describe.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `/healthz`: the process is up and its database answers (a container health check).
 * `/readyz`: also every migration is applied and the process is not shutting down (a load balancer's check).
 * `/metrics`: Prometheus text; with `PARLEY_METRICS_TOKEN` set, only for `Authorization: Bearer <token>`.
 */
export function healthRoutes(services: Services) {
  const { metrics, lifecycle } = services.ops;
  let migrated = false;
  return new Hono()
    .get('/healthz', describe({ summary: 'Alive: the process is up and its database answers', tag: 'operations', responses: { 200: 'ok' }, errors: ['unavailable'] }), async (c) => {
      try {
        await services.database.db.execute(sql`select 1`);
        return c.json({ status: 'ok', database: services.database.kind });
      } catch {
        return c.json({ status: 'unavailable', database: services.database.kind }, 503);
      }
    })
    .get('/readyz', describe({ summary: 'Ready for traffic: database answers, migrations applied, not shutting down', tag: 'operations', responses: { 200: 'ready' }, errors: ['unavailable'] }), async (c) => {
      c.header('Cache-Control', 'no-store');
      if (lifecycle.isStopping) return c.json({ status: 'stopping' }, 503);
      try {
        if (!migrated) {
          const state = await migrationState(services.database);
          if (state.applied < state.expected) return c.json({ status: 'migrating', migrations: state }, 503);
          migrated = true; // once applied, they stay applied for this process's code
        }
        await services.database.db.execute(sql`select 1`);
        return c.json({ status: 'ready', database: services.database.kind });
      } catch {
        return c.json({ status: 'unavailable', database: services.database.kind }, 503);
      }
    })
    .get('/metrics', describe({ summary: 'Prometheus metrics (text format)', tag: 'operations', auth: 'metrics', responses: { 200: { description: 'Prometheus text', type: 'text/plain' } } }), async (c) => {
      const token = services.config.metricsToken;
      if (token) {
        const given = c.req.header('authorization')?.match(/^Bearer\s+(.+)$/)?.[1] ?? '';
        if (!timingSafeEqual(digest(given), digest(token))) {
          throw new AppError('unauthorized', 'Send the metrics token as Authorization: Bearer <token>');
        }
      }
      const body = await metrics.registry.metrics();
      return c.body(body, 200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
    });
}
