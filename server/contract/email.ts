import { z } from 'zod';
import { Email, IdParam, Limit, PageKey, SiteSlug } from './common.ts';

/**
 * The admin's Email screen (`/api/v1/admin/email…`):
 *   GET  /email                         → EmailStatus (admins)
 *   POST /email/test  TestMailRequest   → TestMailResult: the SMTP server's reply or its exact error (admins)
 *   GET  /email/outbox?status&before&limit → { rows: OutboxView[], nextBefore } (the actor's sites)
 *   POST /email/outbox/:id/retry        → OutboxView: due again now
 *   GET  /email/subscriptions?site&page → { subscriptions: SubscriptionView[] }
 */
export const OutboxStatus = z.enum(['queued', 'sent', 'failed', 'kept', 'cancelled']);
export type OutboxStatus = z.infer<typeof OutboxStatus>;

export const OutboxQuery = z.object({ status: OutboxStatus.optional(), before: IdParam.optional(), limit: Limit.default(50) });
export const TestMailRequest = z.object({ to: Email });
export const SubscriptionsQuery = z.object({ site: SiteSlug, page: PageKey });

export type EmailStatus = {
  /** `smtp`: mails leave through SMTP_URL; `dev`: none configured, the outbox keeps them (dev mailbox). */
  mode: 'smtp' | 'dev';
  description: string;
  from: string;
  counts: Record<OutboxStatus, number>;
};

export type TestMailResult = { ok: true; response: string } | { ok: false; error: string };

export type OutboxView = {
  id: number;
  kind: string;
  recipient: string | null;
  status: OutboxStatus;
  attempts: number;
  runAfter: string;
  /** Set while a worker holds the row (sending now, or died holding it until the lease runs out). */
  lockedUntil: string | null;
  lastError: string | null;
  lastResponse: string | null;
  sentAt: string | null;
  createdAt: string;
  /** The mail as sent or kept: subject always, bodies for the dev mailbox. */
  message: { subject: string; text?: string; html?: string; headers?: Record<string, string> } | null;
};

export type SubscriptionView = {
  id: number;
  email: string;
  kind: 'page' | 'replies';
  commentId: number | null;
  state: 'unconfirmed' | 'active' | 'unsubscribed' | 'bounced';
  bounceReason: string | null;
  createdAt: string;
};
