import { bigint, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { sites } from './sites.ts';

// One row per item an import created (page, comment, reader), keyed by the item's id in its source
// file (`wxr:comment:42`, `disqus:post:123`, `parley:comment:7`): importing the same file again finds
// every item here and writes nothing. A remap or an erase keeps the row, so it still matches.
export const importedItems = pgTable(
  'imported_items',
  {
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    sourceId: text('source_id').notNull(),
    kind: text('kind').$type<'page' | 'comment' | 'reader'>().notNull(),
    targetId: bigint('target_id', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.sourceId] })],
);
