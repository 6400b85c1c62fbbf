import { Hono } from 'hono';
import { NewFlag } from '../../contract/comment.ts';
import type { Services } from '../../services/context.ts';
import { flagComment } from '../../services/comments/flags.ts';
import { requireReaderFrom } from '../../services/readers/readers.ts';
import { idempotent } from '../idempotent.ts';
import { bearerToken, idParam, jsonBody } from '../validate.ts';
import { describe } from '../openapi/describe.ts';

/** `POST /comments/:id/flags`: a reader reports a comment, once. */
export function flagRoutes(services: Services) {
  return new Hono().post('/comments/:id/flags', describe({ summary: 'Report a comment to the moderators, once per reader', tag: 'comments', auth: 'reader', body: NewFlag, responses: { 201: 'flagged', 200: 'flagged' }, errors: ['comment_not_found', 'origin_not_allowed', 'duplicate', 'rate_limited'] }), async (c) => {
    const id = idParam(c);
    const { reason } = await jsonBody(c, NewFlag);
    const reader = await requireReaderFrom(services, bearerToken(c), c.req.header('origin'));
    return idempotent(c, services, reader, { reason }, async () => ({ status: 200, body: await flagComment(services, reader, id, reason) }));
  });
}
