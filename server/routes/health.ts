import { Hono } from 'hono';
import type { Services } from '../services/context.ts';
import { checkHealth } from '../services/health.ts';

export function healthRoutes(services: Services) {
  return new Hono().get('/healthz', async (c) => {
    const health = await checkHealth(services);
    return c.json(health, health.status === 'ok' ? 200 : 503);
  });
}
