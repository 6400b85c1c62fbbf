import { Hono } from 'hono';
import { Vote } from '../../contract/comment.ts';
import type { Services } from '../../services/context.ts';
import { castVote } from '../../services/comments/votes.ts';
import { requireReader } from '../../services/readers/readers.ts';
import { bearerToken, idParam, jsonBody } from '../validate.ts';

/** `PUT /comments/:id/vote`: the reader's vote on a comment, as a state (1, -1 or 0), not a toggle. */
export function voteRoutes(services: Services) {
  return new Hono().put('/comments/:id/vote', async (c) => {
    const id = idParam(c);
    const { value } = await jsonBody(c, Vote);
    const reader = await requireReader(services, bearerToken(c));
    return c.json(await castVote(services, reader, id, value));
  });
}
