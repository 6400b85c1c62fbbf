import { Hono } from 'hono';
import { PageQuery } from '../../contract/comment.ts';
import type { Services } from '../../services/context.ts';
import { getMe } from '../../services/readers/me.ts';
import { findReaderByToken } from '../../services/readers/readers.ts';
import { bearerToken, query } from '../validate.ts';
import { describe } from '../openapi/describe.ts';

/** `GET /me?site&page`: the viewer-specific part of a page (votes, flags, held and editable comments), never cached. */
export function meRoutes(services: Services) {
  return new Hono().get('/me', describe({ summary: 'The viewer\'s own votes, pending comments and what they may edit', tag: 'readers', auth: 'reader-optional', query: PageQuery, responses: { 200: 'me' }, errors: ['site_not_found'] }), async (c) => {
    const q = query(c, PageQuery);
    const reader = await findReaderByToken(services, bearerToken(c));
    c.header('Cache-Control', 'private, no-store');
    return c.json(await getMe(services, reader, q.site, q.page));
  });
}
