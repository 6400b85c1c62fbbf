import { boolean, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const moderators = pgTable(
  'moderators',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    // scrypt, encoded as `scrypt$N$r$p$salt$hash` (base64url parts).
    passwordHash: text('password_hash'),
    role: text('role').$type<'admin' | 'moderator'>().notNull(),
    // Sites this moderator may act on; admins act on every site.
    siteIds: integer('site_ids').array().notNull().default([]),
    /** Opted in to a mail about new pending comments of their sites (batched per site setting). */
    isAlertedOfPending: boolean('alert_pending').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('moderators_email_key').on(t.email)],
);
