import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { CountsQuery } from '../../contract/comment.ts';
import type { Services } from '../../services/context.ts';
import { getCounts } from '../../services/threads/threads.ts';
import { query } from '../validate.ts';
import { describe } from '../openapi/describe.ts';

/** `GET /counts?site&page=a&page=b`: visible comment counts for many pages at once (0 for unknown pages). */
export function countRoutes(services: Services) {
  return new Hono().get('/counts', describe({ summary: 'Visible comment counts of many pages (count.js)', tag: 'threads', query: CountsQuery, responses: { 200: 'counts by page key', 304: 'Not modified (ETag)' }, errors: ['site_not_found'] }), async (c) => {
    const q = query(c, CountsQuery, ['page']);
    const body = JSON.stringify({ counts: await getCounts(services, q.site, q.page) });
    // A list page asks again on every view: a short shared cache, then a 304 while nothing changed.
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    const headers = { ETag: etag, 'Cache-Control': 'public, max-age=30' };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(body, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
  });
}
