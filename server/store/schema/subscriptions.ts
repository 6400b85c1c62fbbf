import { bigint, index, integer, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { pages } from './pages.ts';

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: serial('id').primaryKey(),
    pageId: integer('page_id').notNull().references(() => pages.id, { onDelete: 'cascade' }),
    // null: every new comment on the page; set: replies to that comment.
    commentId: bigint('comment_id', { mode: 'number' }),
    readerId: integer('reader_id'),
    email: text('email').notNull(),
    kind: text('kind').$type<'page' | 'replies'>().notNull(),
    tokenHash: text('token_hash').notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
    /** The SMTP server refused this address for good (5xx): nothing more is sent to it. */
    bouncedAt: timestamp('bounced_at', { withTimezone: true }),
    bounceReason: text('bounce_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('subscriptions_page_idx').on(t.pageId, t.kind),
    index('subscriptions_comment_idx').on(t.commentId),
    index('subscriptions_token_idx').on(t.tokenHash),
    // One subscription per address and target, so asking again finds the first one.
    unique('subscriptions_target_key').on(t.pageId, t.kind, t.commentId, t.email).nullsNotDistinct(),
  ],
);
