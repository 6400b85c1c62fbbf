import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from 'zod';
import { EditComment, NewComment, NewFlag, Vote } from '../../contract/comment.ts';
import { SiteSlug } from '../../contract/common.ts';
import type { Services } from '../../services/context.ts';
import { parseIdempotencyKey, runIdempotent, type Answer } from '../../services/comments/idempotency.ts';
import { createComment, type RequestMeta } from '../../services/create-comment.ts';
import { flagComment } from '../../services/flags.ts';
import { deleteOwnComment, editComment } from '../../services/own-comment.ts';
import { createReader, requireReader } from '../../services/readers.ts';

type ReaderRow = Awaited<ReturnType<typeof requireReader>>;
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

/**
 * A write that honours `Idempotency-Key`: the first request's answer is kept and replayed to its
 * retries (with `Idempotent-Replayed: true`), so a double click or a lost response makes one change.
 */
async function idempotent(c: Context, services: Services, reader: ReaderRow, body: unknown, write: () => Promise<Answer>) {
  const key = parseIdempotencyKey(c.req.header('idempotency-key'));
  const answer = await runIdempotent(services, reader, key, { method: c.req.method, path: c.req.path, body }, write);
  if (answer.isReplay) c.header('Idempotent-Replayed', 'true');
  return c.json(answer.body as object, answer.status as ContentfulStatusCode);
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
      return idempotent(c, services, reader, input, async () => ({ status: 201, body: await createComment(services, reader, input, meta(c)) }));
    })
    .patch('/comments/:id', async (c) => {
      const id = idParam(c);
      const input = await jsonBody(c, EditComment);
      const reader = await requireReader(services, bearerToken(c));
      return idempotent(c, services, reader, input, async () => ({ status: 200, body: { comment: await editComment(services, reader, id, input, meta(c)) } }));
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
      return idempotent(c, services, reader, { value }, async () => ({ status: 200, body: await castVote(services, reader, id, value) }));
    })
    .post('/comments/:id/flags', async (c) => {
      const id = idParam(c);
      const { reason } = await jsonBody(c, NewFlag);
      const reader = await requireReader(services, bearerToken(c));
      return idempotent(c, services, reader, { reason }, async () => ({ status: 200, body: await flagComment(services, reader, id, reason) }));
    });
}
