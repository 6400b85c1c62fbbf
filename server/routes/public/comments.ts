import { Hono, type Context } from 'hono';
import { EditComment, NewComment } from '../../contract/comment.ts';
import type { RequestMeta, Services } from '../../services/context.ts';
import { createComment } from '../../services/comments/create-comment.ts';
import { deleteOwnComment, editComment } from '../../services/comments/own-comment.ts';
import { requireReader, requireReaderFrom } from '../../services/readers/readers.ts';
import { clientIp } from '../client-ip.ts';
import { idempotent } from '../idempotent.ts';
import { bearerToken, idParam, jsonBody } from '../validate.ts';
import { describe } from '../openapi/describe.ts';

/** Writing comments: post, edit and delete one's own, each naming its reader by bearer token. */
export function commentRoutes(services: Services) {
  const meta = (c: Context): RequestMeta => ({ ip: clientIp(c, services.config.trustProxy), origin: c.req.header('origin') });
  return new Hono()
    .post('/comments', describe({ summary: 'Post a comment or a reply', tag: 'comments', auth: 'reader', body: NewComment, responses: { 201: 'approved or pending' }, errors: ['site_not_found', 'origin_not_allowed', 'parent_not_found', 'origin_not_allowed', 'banned', 'page_locked', 'page_closed', 'banned_word', 'duplicate', 'rate_limited'] }), async (c) => {
      const input = await jsonBody(c, NewComment);
      const token = bearerToken(c);
      // The post's own read finds the reader by token; only a retry-safe post needs them first.
      if (c.req.header('idempotency-key') === undefined) return c.json((await createComment(services, token, input, meta(c))).answer, 201);
      return idempotent(c, services, await requireReader(services, token), input, async (keep) => {
        const created = await createComment(services, token, input, meta(c), keep);
        return { status: 201, body: created.answer, isKept: created.isKept };
      });
    })
    .patch('/comments/:id', describe({ summary: 'Edit one\'s own comment within the edit window', tag: 'comments', auth: 'reader', body: EditComment, responses: { 200: 'the edited comment' }, errors: ['comment_not_found', 'origin_not_allowed', 'not_owner', 'edit_window_closed', 'banned_word', 'rate_limited'] }), async (c) => {
      const id = idParam(c);
      const input = await jsonBody(c, EditComment);
      const reader = await requireReaderFrom(services, bearerToken(c), c.req.header('origin'));
      return idempotent(c, services, reader, input, async () => ({ status: 200, body: { comment: await editComment(services, reader, id, input, meta(c)) } }));
    })
    .delete('/comments/:id', describe({ summary: 'Delete one\'s own comment', tag: 'comments', auth: 'reader', responses: { 204: 'deleted' }, errors: ['comment_not_found', 'origin_not_allowed', 'not_owner', 'edit_window_closed'] }), async (c) => {
      const id = idParam(c);
      const reader = await requireReaderFrom(services, bearerToken(c), c.req.header('origin'));
      await deleteOwnComment(services, reader, id);
      return c.body(null, 204);
    });
}
