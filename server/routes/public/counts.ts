import { Hono } from 'hono';
import { CountsQuery } from '../../contract/comment.ts';
import type { Services } from '../../services/context.ts';
import { getCounts } from '../../services/threads/threads.ts';
import { query } from '../validate.ts';

/** `GET /counts?site&page=a&page=b`: visible comment counts for many pages at once (0 for unknown pages). */
export function countRoutes(services: Services) {
  return new Hono().get('/counts', async (c) => {
    const q = query(c, CountsQuery, ['page']);
    return c.json({ counts: await getCounts(services, q.site, q.page) });
  });
}
