import { boolean, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sites } from './sites.ts';

export const pages = pgTable(
  'pages',
  {
    id: serial('id').primaryKey(),
    siteId: integer('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    url: text('url'),
    title: text('title'),
    isLocked: boolean('locked').notNull().default(false),
    // Approved, visible comments only: what the header "N Comments" shows.
    commentCount: integer('comment_count').notNull().default(0),
    // Bumped in the same transaction as every visible change; the thread cache and ETag key on it.
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('pages_site_key_key').on(t.siteId, t.key)],
);
