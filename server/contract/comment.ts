import { z } from 'zod';
import type { PublicSettings } from './settings.ts';
import { Cursor, Email, HttpUrl, Id, Limit, lineText, PageKey, SiteSlug, cleanText } from './common.ts';
import { LIMITS } from './limits.ts';

export type CommentStatus = 'pending' | 'approved' | 'rejected' | 'spam' | 'deleted';

/**
 * Inline feedback: the passage of the article a comment is about, as a W3C Web Annotation
 * TextQuoteSelector (`exact` with up to 64 characters of `prefix` and `suffix` around it) plus a
 * TextPositionSelector hint (`start`, `end`: offsets in the article's text when it was selected).
 * The quote is found again by text, so it survives edits to the article; the position only breaks
 * ties between equal candidates.
 */
export const MAX_QUOTE = 1000;
export const MAX_QUOTE_CONTEXT = 64;
export const MAX_TEXT_OFFSET = 10_000_000;

// A quote is text the reader selected in the page, so it never holds markup: a tag (`<b`, `</p`,
// `<!--`, `<?`) or a character reference (`&amp;`, `&#60;`) means it did not come from a selection.
// `a < b` and `fish & chips` are plain text and pass.
const MARKUP = /<[a-z!/?]|&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;
const quoteText = (max: number) =>
  cleanText(max).refine((s) => !MARKUP.test(s), 'Must be plain text, without HTML tags or entities');
const TextOffset = z.number().int().min(0).max(MAX_TEXT_OFFSET);

export const Anchor = z
  .object({
    exact: quoteText(MAX_QUOTE).refine((s) => s.trim().length > 0, 'Must not be empty'),
    prefix: quoteText(MAX_QUOTE_CONTEXT).default(''),
    suffix: quoteText(MAX_QUOTE_CONTEXT).default(''),
    start: TextOffset,
    end: TextOffset,
    /** The page key the passage was selected on: must be the page the comment is posted to. */
    page: PageKey,
  })
  .refine((a) => a.end - a.start === a.exact.length, { message: 'Must be start + the length of the quote', path: ['end'] });
export type AnchorInput = z.infer<typeof Anchor>;

/** What is stored and shown: the selectors, without the page (the comment's own page says that). */
export type Anchor = { exact: string; prefix: string; suffix: string; start: number; end: number };

export const Author = z.object({
  name: lineText(LIMITS.name),
  email: z.union([Email, z.literal('')]).optional(),
});

// Hard ceilings; the site's own (smaller) limits are checked by the service with a field name.
export const NewComment = z.object({
  site: SiteSlug,
  page: PageKey,
  url: HttpUrl.optional(),
  title: lineText(LIMITS.title).optional(),
  parentId: Id.optional(),
  body: cleanText(LIMITS.body),
  author: Author,
  anchor: Anchor.optional(),
  honeypot: z.string().max(1000).optional(),
  /** Ignored (kept so older widgets' posts still validate): time since the page load says nothing about a person. */
  renderedAt: z.number().int().nonnegative().optional(),
  /** Milliseconds from the reader's first interaction with the form to Post, on the client's own clock. */
  elapsedMs: z.number().int().nonnegative().max(7 * 86_400_000).optional(),
  /** "Notify me of replies": needs an e-mail (the form's, or the signed-in reader's). */
  notifyReplies: z.boolean().optional(),
})
  // The server never sees the article, so it cannot look the quote up; what it can hold the
  // widget to is that the passage was selected on this very page (the key it posts to) and that
  // feedback starts a thread: a reply belongs to the passage of the comment it answers.
  .refine((c) => !c.anchor || c.anchor.page === c.page, { message: 'The passage was selected on another page', path: ['anchor', 'page'] })
  .refine((c) => !c.anchor || c.parentId === undefined, { message: 'A reply belongs to the passage of the comment it answers', path: ['anchor'] });
export type NewComment = z.infer<typeof NewComment>;

export const EditComment = z.object({ body: cleanText(LIMITS.body) });
export type EditComment = z.infer<typeof EditComment>;

export const Vote = z.object({ value: z.union([z.literal(1), z.literal(-1), z.literal(0)]) });

export const NewFlag = z.object({
  reason: z.enum(['spam', 'abuse', 'off_topic', 'other']),
  note: cleanText(500).optional(),
});

/** The edit preview renders with the server's own Markdown renderer and sanitiser. */
export const PreviewRequest = z.object({ site: SiteSlug, body: cleanText(LIMITS.body) });
export type PreviewView = { html: string };

export const Sort = z.enum(['oldest', 'newest', 'votes']);
export type Sort = z.infer<typeof Sort>;

/** `inline`: only comments on a passage (inline feedback), so the widget can mark every passage. */
export const ThreadFilter = z.enum(['all', 'inline']);
export type ThreadFilter = z.infer<typeof ThreadFilter>;

export const ThreadQuery = z.object({
  site: SiteSlug,
  page: PageKey,
  sort: Sort.default('oldest'),
  filter: ThreadFilter.default('all'),
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
  /** The page has inline feedback somewhere (not only in this answer): the widget loads its inline part. */
  hasInline: boolean;
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
