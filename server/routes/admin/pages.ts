import { Hono } from 'hono';
import { PagesQuery } from '../../contract/admin.ts';
import { listPages, setPageLock } from '../../services/admin/pages.ts';
import type { Services } from '../../services/context.ts';
import { idParam, query } from '../validate.ts';
import type { AdminEnv } from './guard.ts';

export function pageRoutes(services: Services) {
  return new Hono<AdminEnv>()
    .get('/pages', async (c) => c.json(await listPages(services, c.var.actor, query(c, PagesQuery))))
    .post('/pages/:id/lock', async (c) => c.json(await setPageLock(services, c.var.actor, idParam(c), true)))
    .post('/pages/:id/unlock', async (c) => c.json(await setPageLock(services, c.var.actor, idParam(c), false)));
}
