import { sql } from 'drizzle-orm';
import { boolean, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sites } from './sites.ts';

// A guest is a reader too: a random bearer token (stored only as its SHA-256) is the identity.
// A signed-in (SSO) reader also has `external_id`, the site's own user id: one row per (site, user).
export const readers = pgTable(
  'readers',
  {
    id: serial('id').primaryKey(),
    siteId: integer('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    name: text('name'),
    email: text('email'),
    isEmailVerified: boolean('email_verified').notNull().default(false),
    externalId: text('external_id'),
    approvedCount: integer('approved_count').notNull().default(0),
    rejectedCount: integer('rejected_count').notNull().default(0),
    bannedUntil: timestamp('banned_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('readers_token_hash_key').on(t.tokenHash),
    // Unique, so two first sign-ins racing each other land on one row (INSERT … ON CONFLICT).
    uniqueIndex('readers_site_external_key').on(t.siteId, t.externalId).where(sql`${t.externalId} is not null`),
  ],
);
