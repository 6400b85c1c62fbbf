import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { moderators } from './moderators.ts';

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    siteId: integer('site_id'),
    moderatorId: integer('moderator_id').references(() => moderators.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    // Groups the rows of one bulk action so undo reverts them together.
    batchId: text('batch_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_site_idx').on(t.siteId, t.id), index('audit_log_moderator_idx').on(t.moderatorId, t.id)],
);

