import { bigint, integer, pgTable, primaryKey, smallint, timestamp } from 'drizzle-orm/pg-core';
import { comments } from './comments.ts';
import { readers } from './readers.ts';

export const votes = pgTable(
  'votes',
  {
    commentId: bigint('comment_id', { mode: 'number' })
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    readerId: integer('reader_id').notNull().references(() => readers.id, { onDelete: 'cascade' }),
    value: smallint('value').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.readerId] })],
);
