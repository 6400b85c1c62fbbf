import { Hono } from 'hono';
import { NewFlag } from '../../contract/comment.ts';
import type { Services } from '../../services/context.ts';
import { flagComment } from '../../services/comments/flags.ts';
import { requireReader } from '../../services/readers/readers.ts';
import { bearerToken, idParam, jsonBody } from '../validate.ts';

/** `POST /comments/:id/flags`: a reader reports a comment, once. */
export function flagRoutes(services: Services) {
  return new Hono().post('/comments/:id/flags', async (c) => {
    const id = idParam(c);
    const { reason } = await jsonBody(c, NewFlag);
    const reader = await requireReader(services, bearerToken(c));
    return c.json(await flagComment(services, reader, id, reason));
  });
}
