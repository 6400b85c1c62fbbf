import { Hono } from 'hono';
import { OutboxQuery, SubscriptionsQuery, TestMailRequest } from '../../contract/email.ts';
import type { Services } from '../../services/context.ts';
import { emailStatus, listOutbox, pageSubscriptions, retryOutbox, sendTestMail } from '../../services/notify/email-admin.ts';
import { describe } from '../openapi/describe.ts';
import { idParam, jsonBody, query } from '../validate.ts';
import type { AdminEnv } from './guard.ts';

/** The Email screen: SMTP status and test mail, the outbox (dev mailbox included), a page's subscriptions. */
export function emailRoutes(services: Services) {
  return new Hono<AdminEnv>()
    .get('/email', describe({ summary: 'SMTP status and outbox counts', tag: 'admin', auth: 'admin', responses: { 200: 'the status' }, errors: ['forbidden'] }), async (c) => c.json(await emailStatus(services, c.var.actor)))
    .post('/email/test', describe({ summary: 'Send a test mail; answers the SMTP server\'s reply or error', tag: 'admin', auth: 'admin', body: TestMailRequest, responses: { 200: 'the server\'s answer' }, errors: ['forbidden'] }), async (c) => {
      const { to } = await jsonBody(c, TestMailRequest);
      return c.json(await sendTestMail(services, c.var.actor, to));
    })
    .get('/email/outbox', describe({ summary: 'The outbox (and dev mailbox), newest first', tag: 'admin', auth: 'admin', query: OutboxQuery, responses: { 200: 'a page of mails' } }), async (c) => c.json(await listOutbox(services, c.var.actor, query(c, OutboxQuery))))
    .post('/email/outbox/:id/retry', describe({ summary: 'Retry a failed mail now', tag: 'admin', auth: 'admin', responses: { 200: 'the mail, queued' }, errors: ['forbidden', 'not_found', 'conflict'] }), async (c) => c.json(await retryOutbox(services, c.var.actor, idParam(c))))
    .get('/email/subscriptions', describe({ summary: 'The subscriptions of a page, bounces included', tag: 'admin', auth: 'admin', query: SubscriptionsQuery, responses: { 200: 'the subscriptions' }, errors: ['forbidden', 'site_not_found'] }), async (c) => {
      const q = query(c, SubscriptionsQuery);
      return c.json({ subscriptions: await pageSubscriptions(services, c.var.actor, q.site, q.page) });
    });
}
