import { Hono } from 'hono';
import { Vote } from '../../contract/comment.ts';
import type { Services } from '../../services/context.ts';
import { castVote } from '../../services/comments/votes.ts';
import { requireReaderFrom } from '../../services/readers/readers.ts';
import { idempotent } from '../idempotent.ts';
import { bearerToken, idParam, jsonBody } from '../validate.ts';
import { describe } from '../openapi/describe.ts';

/** `PUT /comments/:id/vote`: the reader's vote on a comment, as a state (1, -1 or 0), not a toggle. */
export function voteRoutes(services: Services) {
  return new Hono().put('/comments/:id/vote', describe({ summary: 'Vote +1, -1 or take the vote back (0); idempotent', tag: 'comments', auth: 'reader', body: Vote, responses: { 200: 'new tallies' }, errors: ['comment_not_found', 'origin_not_allowed', 'banned', 'rate_limited'] }), async (c) => {
    const id = idParam(c);
    const { value } = await jsonBody(c, Vote);
    const reader = await requireReaderFrom(services, bearerToken(c), c.req.header('origin'));
    return idempotent(c, services, reader, { value }, async () => ({ status: 200, body: await castVote(services, reader, id, value) }));
  });
}
