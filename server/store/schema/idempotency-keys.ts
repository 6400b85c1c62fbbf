import { index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { readers } from './readers.ts';

// One row per (reader, Idempotency-Key): the first request's answer, replayed to its retries. A row
// without a status is a request still running (claimed until `claimed_until`). Kept for a bounded
// time (services/comments/idempotency.ts), then deleted.
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    readerId: integer('reader_id').notNull().references(() => readers.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** Method, path and a hash of the validated body: a key reused for another request is refused. */
    fingerprint: text('fingerprint').notNull(),
    status: smallint('status'),
    body: jsonb('body'),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.readerId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);
