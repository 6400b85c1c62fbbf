import { Hono } from 'hono';
import { OutboxQuery, SubscriptionsQuery, TestMailRequest } from '../../contract/email.ts';
import type { Services } from '../../services/context.ts';
import { emailStatus, listOutbox, pageSubscriptions, retryOutbox, sendTestMail } from '../../services/notify/email-admin.ts';
import { idParam, jsonBody, query } from '../validate.ts';
import type { AdminEnv } from './guard.ts';

/** The Email screen: SMTP status and test mail, the outbox (dev mailbox included), a page's subscriptions. */
export function emailRoutes(services: Services) {
  return new Hono<AdminEnv>()
    .get('/email', async (c) => c.json(await emailStatus(services, c.var.actor)))
    .post('/email/test', async (c) => {
      const { to } = await jsonBody(c, TestMailRequest);
      return c.json(await sendTestMail(services, c.var.actor, to));
    })
    .get('/email/outbox', async (c) => c.json(await listOutbox(services, c.var.actor, query(c, OutboxQuery))))
    .post('/email/outbox/:id/retry', async (c) => c.json(await retryOutbox(services, c.var.actor, idParam(c))))
    .get('/email/subscriptions', async (c) => {
      const q = query(c, SubscriptionsQuery);
      return c.json({ subscriptions: await pageSubscriptions(services, c.var.actor, q.site, q.page) });
    });
}
