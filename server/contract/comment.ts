import { z } from 'zod';
import type { PublicSettings } from './settings.ts';
import { Cursor, Email, HttpUrl, Id, Limit, lineText, PageKey, SiteSlug, cleanText } from './common.ts';

export type CommentStatus = 'pending' | 'approved' | 'rejected' | 'spam' | 'deleted';

/** Inline feedback: the passage of the article a comment is about. */
export const Anchor = z.object({
  quote: lineText(500),
  prefix: cleanText(100).optional(),
  suffix: cleanText(100).optional(),
});
export type Anchor = z.infer<typeof Anchor>;

export const Author = z.object({
  name: lineText(100),
  email: z.union([Email, z.literal('')]).optional(),
});

// Hard ceilings; the site's own (smaller) limits are checked by the service with a field name.
export const NewComment = z.object({
  site: SiteSlug,
  page: PageKey,
  url: HttpUrl.optional(),
  title: lineText(300).optional(),
  parentId: Id.optional(),
  body: cleanText(20_000),
  author: Author,
  anchor: Anchor.optional(),
  honeypot: z.string().max(1000).optional(),
  /** Ignored (kept so older widgets' posts still validate): time since the page load says nothing about a person. */
  renderedAt: z.number().int().nonnegative().optional(),
  /** Milliseconds from the reader's first interaction with the form to Post, on the client's own clock. */
  elapsedMs: z.number().int().nonnegative().max(7 * 86_400_000).optional(),
});
export type NewComment = z.infer<typeof NewComment>;

export const EditComment = z.object({ body: cleanText(20_000) });
export type EditComment = z.infer<typeof EditComment>;

export const Vote = z.object({ value: z.union([z.literal(1), z.literal(-1), z.literal(0)]) });

export const NewFlag = z.object({
  reason: z.enum(['spam', 'abuse', 'off_topic', 'other']),
  note: cleanText(500).optional(),
});

/** The edit preview renders with the server's own Markdown renderer and sanitiser. */
export const PreviewRequest = z.object({ site: SiteSlug, body: cleanText(20_000) });
export type PreviewView = { html: string };

export const Sort = z.enum(['oldest', 'newest', 'votes']);
export type Sort = z.infer<typeof Sort>;

export const ThreadQuery = z.object({
  site: SiteSlug,
  page: PageKey,
  sort: Sort.default('oldest'),
  cursor: Cursor.optional(),
  limit: Limit.default(20),
});

export const RepliesQuery = z.object({ cursor: Cursor.optional(), limit: Limit.default(50) });

export const PageQuery = z.object({ site: SiteSlug, page: PageKey });

export const CountsQuery = z.object({ site: SiteSlug, page: z.array(PageKey).min(1).max(100) });

export type CommentView = {
  id: number;
  parentId: number | null;
  rootId: number;
  depth: number;
  author: { name: string; isGuest: boolean; avatarSeed: string };
  bodyHtml: string;
  /** `pending` and `spam` only in the author's own view (`/me`, a new comment's answer): held, and why. */
  status: 'approved' | 'deleted' | 'pending' | 'spam';
  createdAt: string;
  editedAt: string | null;
  upvotes: number;
  downvotes: number;
  score: number;
  replyCount: number;
  descendantCount: number;
  isPinned: boolean;
  anchor: Anchor | null;
};

export type PageView = {
  key: string;
  url: string | null;
  title: string | null;
  commentCount: number;
  isLocked: boolean;
  isClosed: boolean;
};

export type ThreadPage = {
  page: PageView;
  settings: PublicSettings;
  sort: Sort;
  /** Top-level comments, each followed by its first replies in thread order (`parentId`, `depth`). */
  comments: CommentView[];
  nextCursor: string | null;
};

export type RepliesPage = { comments: CommentView[]; nextCursor: string | null };

/**
 * What became of a new comment, so the author is told the truth: `approved` (published),
 * `pending` (held for a moderator, `reasons` say why), `spam` (held by the spam filter; no reasons,
 * nothing that helps a spammer tune the next try). A rejected comment is an error answer instead.
 */
export type CreatedComment = { comment: CommentView; status: 'approved' | 'pending' | 'spam'; reasons: string[] };

export type MeView = {
  reader: { id: number; name: string | null; email: string | null } | null;
  votes: Record<string, 1 | -1>;
  flagged: number[];
  /** Own comments still waiting for a moderator, shown only to their author. */
  pending: CommentView[];
  /** Own comments that may still be edited or deleted, with the deadline. */
  editable: Record<string, string>;
  /** The Markdown source of each editable comment, so an edit starts from what was typed. */
  sources: Record<string, string>;
};

export type VoteResult = { id: number; upvotes: number; downvotes: number; score: number; value: 1 | -1 | 0 };
export type FlagResult = { id: number; flagged: true };
export type CountsView = { counts: Record<string, number> };
export type NewReaderView = { id: number; token: string };
