import { Hono } from 'hono';
import { CountsQuery, PageQuery, RepliesQuery, ThreadQuery } from '../../contract/comment.ts';
import type { Services } from '../../services/context.ts';
import { findReaderByToken } from '../../services/readers.ts';
import { getComment, getCounts, getReplies, getThreadPage } from '../../services/threads.ts';
import { getMe } from '../../services/me.ts';
import { bearerToken, idParam, query } from '../validate.ts';

/** The read side: viewer-independent, cacheable answers, and the small viewer-specific `/me`. */
export function threadRoutes(services: Services) {
  return new Hono()
    .get('/threads', async (c) => {
      const q = query(c, ThreadQuery);
      const result = await getThreadPage(services, q, c.req.header('if-none-match'));
      // no-cache: a browser may keep it but must revalidate; the ETag makes that a 304.
      const headers = { ETag: result.etag, 'Cache-Control': 'no-cache' };
      if (result.body === undefined) return c.body(null, 304, headers);
      return c.body(result.body, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
    })
    .get('/comments/:id/replies', async (c) => {
      const q = query(c, RepliesQuery);
      return c.json(await getReplies(services, idParam(c), q.cursor, q.limit));
    })
    .get('/comments/:id', async (c) => {
      return c.json({ comment: await getComment(services, idParam(c)) });
    })
    .get('/counts', async (c) => {
      const q = query(c, CountsQuery, ['page']);
      return c.json({ counts: await getCounts(services, q.site, q.page) });
    })
    .get('/me', async (c) => {
      const q = query(c, PageQuery);
      const reader = await findReaderByToken(services, bearerToken(c));
      c.header('Cache-Control', 'private, no-store');
      return c.json(await getMe(services, reader, q.site, q.page));
    });
}
