import { Hono, type Context } from 'hono';
import { RepliesQuery, ThreadQuery } from '../../contract/comment.ts';
import type { Services } from '../../services/context.ts';
import { getComment, getReplies, getThreadPage, siteOfComment } from '../../services/threads/threads.ts';
import type { ContentEncoding } from '../../services/threads/thread-answer.ts';
import { preferredEncoding } from '../accept-encoding.ts';
import { closeCorsUnless } from '../middleware/cors.ts';
import { idParam, memoizedQuery, query } from '../validate.ts';
import { describe } from '../openapi/describe.ts';

/** True when `If-None-Match` (one ETag or a comma-separated list) names this one: the client's copy is current. */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(/\s*,\s*/).includes(etag);
}

/** The headers of a thread answer, made once per ETag and coding (the same for every request that gets them). */
type ThreadHeaders = { ok: Record<string, string>; notModified: Record<string, string> };
const HEADERS_KEPT = 10_000;

/** The read side: viewer-independent, cacheable answers. */
export function threadRoutes(services: Services) {
  // A read of a cached thread does only the work its answer needs: the same query string always
  // parses the same, so zod runs once per distinct string.
  const threadQuery = memoizedQuery(ThreadQuery);
  const headers = new Map<string, ThreadHeaders>();
  const headersOf = (etag: string, encoding: ContentEncoding | null): ThreadHeaders => {
    const key = encoding ? `${encoding} ${etag}` : etag;
    let entry = headers.get(key);
    if (!entry) {
      // The answer varies with the coding as well as the Origin (CORS). One weak ETag for every
      // coding: they are the same JSON (RFC 9110 §8.8.1, a weak validator names equivalent content),
      // so a browser's copy revalidates with a 304 whichever coding it came in.
      const notModified = { ETag: etag, 'Cache-Control': 'no-cache', Vary: 'Origin, Accept-Encoding' };
      const ok: Record<string, string> = { ...notModified, 'Content-Type': 'application/json; charset=utf-8' };
      if (encoding) ok['Content-Encoding'] = encoding;
      entry = { notModified, ok };
      if (headers.size >= HEADERS_KEPT) headers.clear();
      headers.set(key, entry);
    }
    return entry;
  };
  const ownOrigin = new URL(services.config.publicUrl).origin;
  /** A read by comment id names no site: the comment's own site decides who may read it cross-origin. */
  const narrowCors = async (c: Context, id: number) => {
    const origin = c.req.header('origin');
    if (origin && origin !== ownOrigin) closeCorsUnless(c, await siteOfComment(services, id), ownOrigin);
  };
  return new Hono()
    .get('/threads', describe({ summary: 'A page of a thread: page info and top-level comments with first replies', tag: 'threads', query: ThreadQuery, responses: { 200: 'thread page', 304: 'Not modified (ETag)' }, errors: ['site_not_found'] }), async (c) => {
      const thread = await getThreadPage(services, threadQuery(c));
      // no-cache: a browser may keep it but must revalidate; the ETag makes that a 304.
      if (matchesEtag(c.req.header('if-none-match'), thread.etag)) return c.body(null, 304, headersOf(thread.etag, null).notModified);
      const answer = thread.cached ?? (await thread.body());
      const encoding = answer.encodingFor(preferredEncoding(c.req.header('accept-encoding')));
      return c.body(answer.bytes(encoding), 200, headersOf(thread.etag, encoding).ok);
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
