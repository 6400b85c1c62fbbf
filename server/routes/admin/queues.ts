import { Hono } from 'hono';
import { BulkAction, CommentAction, CountsQuery, QueueName, QueueQuery } from '../../contract/admin.ts';
import { applyAction } from '../../services/admin/actions.ts';
import { getQueueCounts, getQueueItem, getQueuePage } from '../../services/admin/queues.ts';
import { undoLastAction } from '../../services/admin/undo.ts';
import type { Services } from '../../services/context.ts';
import { idParam, jsonBody, parseWith, query } from '../validate.ts';
import type { AdminEnv } from './guard.ts';
import { describe } from '../openapi/describe.ts';

/** The moderator's work: queues, one comment in full, actions on one or many, undo. */
export function queueRoutes(services: Services) {
  return new Hono<AdminEnv>()
    .get('/queues/counts', describe({ summary: 'Number of comments in each queue', tag: 'admin', auth: 'admin', query: CountsQuery, responses: { 200: 'counts by queue' }, errors: ['forbidden', 'site_not_found'] }), async (c) => {
      const q = query(c, CountsQuery);
      return c.json(await getQueueCounts(services, c.var.actor, q.site));
    })
    .get('/queues/:queue', describe({ summary: 'One page of a queue, newest first', tag: 'admin', auth: 'admin', params: { queue: QueueName }, query: QueueQuery, responses: { 200: 'queue page' }, errors: ['forbidden', 'site_not_found'] }), async (c) => {
      const queue = parseWith(QueueName, c.req.param('queue'));
      return c.json(await getQueuePage(services, c.var.actor, queue, query(c, QueueQuery)));
    })
    .get('/comments/:id', describe({ summary: 'One comment with its context and author history', tag: 'admin', auth: 'admin', responses: { 200: 'queue item' }, errors: ['comment_not_found', 'forbidden'] }), async (c) => c.json(await getQueueItem(services, c.var.actor, idParam(c))))
    .post('/comments/:id/actions', describe({ summary: 'Approve, reject, spam, delete, restore, pin or unpin one comment', tag: 'admin', auth: 'admin', body: CommentAction, responses: { 200: 'result' }, errors: ['comment_not_found', 'forbidden'] }), async (c) => {
      const id = idParam(c);
      const { action } = await jsonBody(c, CommentAction);
      return c.json(await applyAction(services, c.var.actor, action, [id]));
    })
    .post('/actions', describe({ summary: 'One action on many comments', tag: 'admin', auth: 'admin', body: BulkAction, responses: { 200: 'result' }, errors: ['forbidden'] }), async (c) => {
      const { action, ids } = await jsonBody(c, BulkAction);
      return c.json(await applyAction(services, c.var.actor, action, ids));
    })
    .post('/undo', describe({ summary: 'Undo the moderator\'s last action', tag: 'admin', auth: 'admin', responses: { 200: 'result' }, errors: ['not_found', 'conflict'] }), async (c) => c.json(await undoLastAction(services, c.var.actor)));
}
