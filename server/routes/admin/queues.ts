import { Hono } from 'hono';
import { BulkAction, CommentAction, CountsQuery, QueueName, QueueQuery } from '../../contract/admin.ts';
import { applyAction } from '../../services/admin/actions.ts';
import { getQueueCounts, getQueueItem, getQueuePage } from '../../services/admin/queues.ts';
import { undoLastAction } from '../../services/admin/undo.ts';
import type { Services } from '../../services/context.ts';
import { idParam, jsonBody, parseWith, query } from '../validate.ts';
import type { AdminEnv } from './guard.ts';

/** The moderator's work: queues, one comment in full, actions on one or many, undo. */
export function queueRoutes(services: Services) {
  return new Hono<AdminEnv>()
    .get('/queues/counts', async (c) => {
      const q = query(c, CountsQuery);
      return c.json(await getQueueCounts(services, c.var.actor, q.site));
    })
    .get('/queues/:queue', async (c) => {
      const queue = parseWith(QueueName, c.req.param('queue'));
      return c.json(await getQueuePage(services, c.var.actor, queue, query(c, QueueQuery)));
    })
    .get('/comments/:id', async (c) => c.json(await getQueueItem(services, c.var.actor, idParam(c))))
    .post('/comments/:id/actions', async (c) => {
      const id = idParam(c);
      const { action } = await jsonBody(c, CommentAction);
      return c.json(await applyAction(services, c.var.actor, action, [id]));
    })
    .post('/actions', async (c) => {
      const { action, ids } = await jsonBody(c, BulkAction);
      return c.json(await applyAction(services, c.var.actor, action, ids));
    })
    .post('/undo', async (c) => c.json(await undoLastAction(services, c.var.actor)));
}
