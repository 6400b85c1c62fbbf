import { Hono, type Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from 'zod';
import { EditComment, NewComment, NewFlag, Vote } from '../../contract/comment.ts';
import { SiteSlug } from '../../contract/common.ts';
import type { Services } from '../../services/context.ts';
import { createComment, type RequestMeta } from '../../services/create-comment.ts';
import { flagComment } from '../../services/flags.ts';
import { deleteOwnComment, editComment } from '../../services/own-comment.ts';
import { createReader, requireReader } from '../../services/readers.ts';
import { castVote } from '../../services/votes.ts';
import { bearerToken, idParam, jsonBody } from '../validate.ts';

export function clientIp(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // app.request() in tests has no socket
  }
}

/** The write side of the public API: every call names its reader by bearer token. */
export function commentRoutes(services: Services) {
  const meta = (c: Context): RequestMeta => ({ ip: clientIp(c, services.config.trustProxy), origin: c.req.header('origin') });
  return new Hono()
    .post('/readers', async (c) => {
      const body = await jsonBody(c, z.object({ site: SiteSlug }));
      return c.json(await createReader(services, body.site, c.req.header('origin')), 201);
    })
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
    })
    .put('/comments/:id/vote', async (c) => {
      const id = idParam(c);
      const { value } = await jsonBody(c, Vote);
      const reader = await requireReader(services, bearerToken(c));
      return c.json(await castVote(services, reader, id, value));
    })
    .post('/comments/:id/flags', async (c) => {
      const id = idParam(c);
      const { reason } = await jsonBody(c, NewFlag);
      const reader = await requireReader(services, bearerToken(c));
      return c.json(await flagComment(services, reader, id, reason));
    });
}
