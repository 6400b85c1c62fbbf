import { Hono } from 'hono';
import { PagesQuery } from '../../contract/admin.ts';
import { listPages, setPageLock } from '../../services/admin/pages.ts';
import type { Services } from '../../services/context.ts';
import { idParam, query } from '../validate.ts';
import type { AdminEnv } from './guard.ts';
import { describe } from '../openapi/describe.ts';

export function pageRoutes(services: Services) {
  return new Hono<AdminEnv>()
    .get('/pages', describe({ summary: 'Pages with their counts and lock state', tag: 'admin', auth: 'admin', query: PagesQuery, responses: { 200: 'pages' }, errors: ['forbidden', 'site_not_found'] }), async (c) => c.json(await listPages(services, c.var.actor, query(c, PagesQuery))))
    .post('/pages/:id/lock', describe({ summary: 'Close a page to new comments', tag: 'admin', auth: 'admin', responses: { 200: 'the page' }, errors: ['page_not_found', 'forbidden'] }), async (c) => c.json(await setPageLock(services, c.var.actor, idParam(c), true)))
    .post('/pages/:id/unlock', describe({ summary: 'Open a page to comments again', tag: 'admin', auth: 'admin', responses: { 200: 'the page' }, errors: ['page_not_found', 'forbidden'] }), async (c) => c.json(await setPageLock(services, c.var.actor, idParam(c), false)));
}
