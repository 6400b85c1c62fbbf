import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { moderators } from './moderators.ts';
import { sites } from './sites.ts';

export const bans = pgTable(
  'bans',
  {
    id: serial('id').primaryKey(),
    siteId: integer('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'reader' | 'email' | 'ip'>().notNull(),
    // reader: the reader id as text; email: lower-cased address hashed; ip: the salted ip hash.
    value: text('value').notNull(),
    reason: text('reason').notNull().default(''),
    createdBy: integer('created_by').references(() => moderators.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
  },
  (t) => [index('bans_lookup_idx').on(t.siteId, t.kind, t.value)],
);
