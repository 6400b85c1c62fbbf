import { Hono, type Context } from 'hono';
import { RepliesQuery, ThreadQuery } from '../../contract/comment.ts';
import type { Services } from '../../services/context.ts';
import { getComment, getReplies, getThreadPage, siteOfComment } from '../../services/threads/threads.ts';
import { preferredEncoding } from '../accept-encoding.ts';
import { closeCorsUnless } from '../middleware/cors.ts';
import { idParam, memoizedQuery, query } from '../validate.ts';
import { describe } from '../openapi/describe.ts';
import { matchesEtag, threadHeaders } from './thread-headers.ts';

// The query string of GET /threads parsed once per distinct string, shared with the cached read
// (cached-thread-lane.ts), which serves only strings this route has parsed.
export const threadQuery = memoizedQuery(ThreadQuery);

/** The read side: viewer-independent, cacheable answers. */
export function threadRoutes(services: Services) {
  const ownOrigin = new URL(services.config.publicUrl).origin;
  /** A read by comment id names no site: the comment's own site decides who may read it cross-origin. */
  const narrowCors = async (c: Context, id: number) => {
    const origin = c.req.header('origin');
    if (origin && origin !== ownOrigin) closeCorsUnless(c, await siteOfComment(services, id), ownOrigin);
  };
  return new Hono()
    .get('/threads', describe({ summary: 'A page of a thread: page info and top-level comments with first replies', tag: 'threads', query: ThreadQuery, responses: { 200: 'thread page', 304: 'Not modified (ETag)' }, errors: ['site_not_found'] }), async (c) => {
      // A cached answer usually goes out by cached-thread-lane.ts before Hono; this serves the rest
      // (the first read of each version, and whatever the lane leaves) with the same headers.
      const thread = await getThreadPage(services, threadQuery(c));
      if (matchesEtag(c.req.header('if-none-match'), thread.etag)) return c.body(null, 304, threadHeaders(thread.etag, null).notModified);
      const answer = thread.cached ?? (await thread.body());
      const encoding = answer.encodingFor(preferredEncoding(c.req.header('accept-encoding')));
      return c.body(answer.ready(encoding) ?? (await answer.bytes(encoding)), 200, threadHeaders(thread.etag, encoding).ok);
    })
    .get('/comments/:id/replies', describe({ summary: 'More replies of one comment', tag: 'threads', query: RepliesQuery, responses: { 200: 'replies page' }, errors: ['comment_not_found'] }), async (c) => {
      const q = query(c, RepliesQuery);
      const id = idParam(c);
      await narrowCors(c, id);
      return c.json(await getReplies(services, id, q.cursor, q.limit));
    })
    .get('/comments/:id', describe({ summary: 'One visible comment', tag: 'threads', responses: { 200: 'the comment' }, errors: ['comment_not_found'] }), async (c) => {
      const id = idParam(c);
      await narrowCors(c, id);
      return c.json({ comment: await getComment(services, id) });
    });
}
