import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { moderators } from './moderators.ts';

// Server-side sessions: the cookie carries a random id, the row stores only its SHA-256.
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    moderatorId: integer('moderator_id').notNull().references(() => moderators.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_moderator_idx').on(t.moderatorId)],
);

// One-time sign-in links (first admin bootstrap, password reset).
export const loginTokens = pgTable('login_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  moderatorId: integer('moderator_id').notNull().references(() => moderators.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});
