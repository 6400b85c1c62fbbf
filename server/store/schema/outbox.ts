import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// `kept`: no SMTP configured, the dev mailbox holds it; `cancelled`: its cause went away (comment removed, unsubscribed).
export type OutboxStatus = 'queued' | 'sent' | 'failed' | 'kept' | 'cancelled';

/** A mail as it left (or, with no SMTP configured, as the dev mailbox keeps it). */
export type StoredMessage = { from: string; to: string; subject: string; text: string; html: string; headers: Record<string, string> };

// Side effects (e-mail) written in the same transaction as their cause, sent by any instance.
// A row is due while `queued`, `run_after` has passed and no live lease (`locked_until`) holds it;
// a worker that dies mid-send leaves a lease that simply expires.
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    dedupeKey: text('dedupe_key'),
    status: text('status').$type<OutboxStatus>().notNull().default('queued'),
    siteId: integer('site_id'),
    recipient: text('recipient'),
    runAfter: timestamp('run_after', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** Which claim holds the lease: a worker whose lease ran out cannot mark a row another one took. */
    leaseId: text('lease_id'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** The SMTP server's reply to the accepted message (`250 …`). */
    lastResponse: text('last_response'),
    message: jsonb('message').$type<StoredMessage>(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('outbox_dedupe_key').on(t.dedupeKey),
    index('outbox_due_idx').on(t.runAfter).where(sql`${t.status} = 'queued'`),
    index('outbox_status_idx').on(t.status, t.id),
  ],
);
