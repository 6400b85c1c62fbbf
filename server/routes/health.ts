import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Services } from '../services/context.ts';

export function healthRoutes(services: Services) {
  return new Hono().get('/healthz', async (c) => {
    try {
      await services.database.db.execute(sql`select 1`);
      return c.json({ status: 'ok', database: services.database.kind });
    } catch {
      return c.json({ status: 'unavailable', database: services.database.kind }, 503);
    }
  });
}
