import { bigint, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
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
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('subscriptions_page_idx').on(t.pageId, t.kind), index('subscriptions_token_idx').on(t.tokenHash)],
);
