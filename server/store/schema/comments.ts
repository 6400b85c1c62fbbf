import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Anchor, CommentStatus } from '../../contract/comment.ts';
import { pages } from './pages.ts';
import { readers } from './readers.ts';

export const comments = pgTable(
  'comments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    pageId: integer('page_id').notNull().references(() => pages.id, { onDelete: 'cascade' }),
    parentId: bigint('parent_id', { mode: 'number' }),
    // The top-level comment of the thread; equals id for a top-level comment.
    rootId: bigint('root_id', { mode: 'number' }).notNull(),
    depth: integer('depth').notNull().default(0),
    // Ancestor ids, each zero-padded to 12 digits, then own id: sorting by path is depth-first in
    // creation order. Digits only, so every collation (C in PGlite, a locale on a server) sorts alike.
    path: text('path').notNull(),
    readerId: integer('reader_id').notNull().references(() => readers.id),
    authorName: text('author_name').notNull(),
    // The website an author gave (imported from WordPress; kept for export, never fetched).
    authorUrl: text('author_url'),
    // A guest posts with a name of their choosing; a signed-in (SSO) user's name comes from the site.
    isGuest: boolean('is_guest').notNull().default(true),
    bodyMd: text('body_md').notNull(),
    bodyHtml: text('body_html').notNull(),
    status: text('status').$type<CommentStatus>().notNull(),
    // Shown in listings: approved, or a deleted placeholder that still has visible replies.
    isVisible: boolean('visible').notNull().default(false),
    reasons: text('reasons').array().notNull().default([]),
    upvotes: integer('upvotes').notNull().default(0),
    downvotes: integer('downvotes').notNull().default(0),
    score: integer('score').notNull().default(0),
    replyCount: integer('reply_count').notNull().default(0),
    descendantCount: integer('descendant_count').notNull().default(0),
    flagCount: integer('flag_count').notNull().default(0),
    isPinned: boolean('pinned').notNull().default(false),
    anchor: jsonb('anchor').$type<Anchor>(),
    ipHash: text('ip_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    moderatedAt: timestamp('moderated_at', { withTimezone: true }),
  },
  (t) => [
    // Keyset listings: Oldest / Newest walk (page, pinned, id); Most Voted walks (page, pinned, score, id).
    index('comments_top_by_id_idx').on(t.pageId, t.isPinned, t.id).where(sql`${t.parentId} is null and ${t.isVisible}`),
    index('comments_top_by_score_idx')
      .on(t.pageId, t.isPinned, t.score, t.id)
      .where(sql`${t.parentId} is null and ${t.isVisible}`),
    // Inline feedback (anchored top-level comments) is a few rows among many: its own small index,
    // so "does this page have any" and the Inline Feedbacks tab cost the same at 100k comments.
    index('comments_anchored_idx')
      .on(t.pageId, t.isPinned, t.id)
      .where(sql`${t.parentId} is null and ${t.isVisible} and ${t.anchor} is not null`),
    index('comments_thread_path_idx').on(t.rootId, t.path).where(sql`${t.isVisible}`),
    index('comments_reader_idx').on(t.readerId, t.id),
    index('comments_status_idx').on(t.status, t.id),
    index('comments_page_status_idx').on(t.pageId, t.status, t.id),
    // The Reported queue and its count: flagged comments are few, so a small partial index.
    index('comments_flagged_idx').on(t.id).where(sql`${t.flagCount} > 0`),
    // The retention job drops IP hashes older than N days: only rows that still have one are indexed.
    index('comments_ip_hash_age_idx').on(t.createdAt).where(sql`${t.ipHash} is not null`),
  ],
);
