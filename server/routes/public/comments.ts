import { Hono, type Context } from 'hono';
import { EditComment, NewComment } from '../../contract/comment.ts';
import type { Services } from '../../services/context.ts';
import { createComment, type RequestMeta } from '../../services/comments/create-comment.ts';
import { deleteOwnComment, editComment } from '../../services/comments/own-comment.ts';
import { requireReader } from '../../services/readers/readers.ts';
import { clientIp } from '../client-ip.ts';
import { bearerToken, idParam, jsonBody } from '../validate.ts';

/** Writing comments: post, edit and delete one's own, each naming its reader by bearer token. */
export function commentRoutes(services: Services) {
  const meta = (c: Context): RequestMeta => ({ ip: clientIp(c, services.config.trustProxy), origin: c.req.header('origin') });
  return new Hono()
    .post('/comments', async (c) => {
      const input = await jsonBody(c, NewComment);
      const reader = await requireReader(services, bearerToken(c));
      return c.json(await createComment(services, reader, input, meta(c)), 201);
    })
    .patch('/comments/:id', async (c) => {
      const id = idParam(c);
      const input = await jsonBody(c, EditComment);
      const reader = await requireReader(services, bearerToken(c));
      return c.json({ comment: await editComment(services, reader, id, input, meta(c)) });
    })
    .delete('/comments/:id', async (c) => {
      const id = idParam(c);
      const reader = await requireReader(services, bearerToken(c));
      await deleteOwnComment(services, reader, id);
      return c.body(null, 204);
    });
}
