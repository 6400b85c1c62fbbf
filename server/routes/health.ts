import { timingSafeEqual, createHash } from 'node:crypto';
import { Hono } from 'hono';
import { AppError } from '../errors.ts';
import type { Services } from '../services/context.ts';
import { checkHealth, readinessCheck } from '../services/health.ts';
import { describe } from './openapi/describe.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `/healthz`: the process is up and its database answers (a container health check).
 * `/readyz`: also every migration is applied and the process is not shutting down (a load balancer's check).
 * `/metrics`: Prometheus text; with `PARLEY_METRICS_TOKEN` set, only for `Authorization: Bearer <token>`.
 */
export function healthRoutes(services: Services) {
  const { metrics } = services.ops;
  const readiness = readinessCheck(services);
  return new Hono()
    .get('/healthz', describe({ summary: 'Alive: the process is up and its database answers', tag: 'operations', responses: { 200: 'ok' }, errors: ['unavailable'] }), async (c) => {
      const health = await checkHealth(services);
      return c.json(health, health.status === 'ok' ? 200 : 503);
    })
    .get('/readyz', describe({ summary: 'Ready for traffic: database answers, migrations applied, not shutting down', tag: 'operations', responses: { 200: 'ready' }, errors: ['unavailable'] }), async (c) => {
      c.header('Cache-Control', 'no-store');
      const ready = await readiness();
      return c.json(ready, ready.status === 'ready' ? 200 : 503);
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
