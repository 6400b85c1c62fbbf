import { z } from 'zod';
import type { Anchor, CommentStatus } from './comment.ts';
import { Cursor, Id, IdParam, Limit, SiteSlug, cleanText, lineText } from './common.ts';
import type { AdminSite } from './accounts.ts';
import { SiteSettings } from './settings.ts';

/*
 * The admin API, mounted at `/api/v1/admin`. Same origin as `/admin` only: no CORS. Sign-in and
 * moderator account shapes (Login, AdminMe, NewModerator, ModeratorView …) are in `accounts.ts`.
 *
 * Authentication: a server-side session in the cookie `parley_session`
 * (`HttpOnly; SameSite=Strict; Path=/`, plus `Secure` behind https). Send requests with
 * `credentials: 'same-origin'`.
 * Every state change (POST, PUT, PATCH, DELETE) must carry the header `X-Parley-CSRF`: the
 * `csrfToken` from `AdminMe` (answered by login and by GET /me). The two sign-in routes, which
 * have no session yet, take any non-empty value (send `login`): a custom header cannot cross
 * origins without a preflight, which this API never grants. An `Origin` header, when present,
 * must be the server's own origin. Failures: 401 `unauthorized` (no or expired session),
 * 403 `csrf` (header missing or wrong, foreign Origin), 403 `forbidden` (another site's data,
 * or an admin-only route for a moderator), 429 `rate_limited` with `Retry-After` (sign-in).
 *
 * Routes (all JSON; errors are `{ error: { code, message, field? } }`):
 *   POST   /login                       Login             → AdminMe (sets the cookie)
 *   POST   /login/token                 TokenLogin        → AdminMe (one-time sign-in link:
 *                                                            `/admin#login-token=<token>`)
 *   POST   /logout                                        → 204 (clears the cookie)
 *   GET    /me                                            → AdminMe
 *   PUT    /me/password                 ChangePassword    → 204
 *   GET    /queues/counts?site                            → QueueCounts
 *   GET    /queues/:queue?site&pageId&text&readerId&cursor&limit
 *                                                          → QueuePage (newest first; `nextCursor`
 *                                                            null at the end). `:queue` is a QueueName.
 *   GET    /comments/:id                                  → QueueItem
 *   POST   /comments/:id/actions        CommentAction     → ActionResult (one comment)
 *   POST   /actions                     BulkAction        → ActionResult (all or nothing, one batch)
 *   POST   /undo                                          → UndoResult (the caller's last action;
 *                                                            a bulk action is undone as one batch;
 *                                                            409 `conflict` when nothing to undo or
 *                                                            the target changed since)
 *   GET    /readers?site&q&cursor&limit                   → ReaderList (newest first; `q` matches
 *                                                            name or e-mail, any case, as plain text)
 *   GET    /readers/:id                                   → ReaderHistory
 *   GET    /bans?site&active=true|false&cursor&limit      → BanPage (each with who is banned and by whom)
 *   POST   /bans                        NewBan            → BanResult (with `pendingComments: 'reject'`
 *                                                            the reader's pending comments are rejected
 *                                                            in the same transaction and undo batch)
 *   DELETE /bans/:id                                      → BanView (lifted)
 *   GET    /pages?site&text&cursor&limit                  → PageList (newest first)
 *   POST   /pages/:id/lock                                → AdminPage
 *   POST   /pages/:id/unlock                              → AdminPage
 *   GET    /sites                                         → { sites: AdminSite[] } (the caller's)
 *   GET    /sites/:site/settings                          → SiteSettingsView
 *   PUT    /sites/:site/settings        SettingsUpdate    → SiteSettingsView
 *   GET    /moderators                                    → { moderators: ModeratorView[] } (admins)
 *   POST   /moderators                  NewModerator      → NewModeratorResult (admins only)
 *   PATCH  /moderators/:id              ModeratorUpdate   → ModeratorView      (admins only)
 *   GET    /audit?site&moderatorId&cursor&limit           → AuditPage (newest first)
 *   GET    /events?site                                   → text/event-stream: events named by
 *                                                            AdminLiveEvent['type'], data = the event
 *                                                            as JSON; `ready` first, once subscribed;
 *                                                            a `: ping` comment line every 25 s.
 */

export const QueueName = z.enum(['pending', 'reported', 'spam', 'rejected', 'approved', 'all']);
export type QueueName = z.infer<typeof QueueName>;

export const ModerationAction = z.enum(['approve', 'reject', 'spam', 'delete', 'restore', 'pin', 'unpin']);
export type ModerationAction = z.infer<typeof ModerationAction>;

const BoolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

export const QueueQuery = z.object({
  site: SiteSlug.optional(),
  pageId: IdParam.optional(),
  text: lineText(200).optional(),
  readerId: IdParam.optional(),
  cursor: Cursor.optional(),
  limit: Limit.default(20),
});
export type QueueQuery = z.infer<typeof QueueQuery>;

export const CountsQuery = z.object({ site: SiteSlug.optional() });

export const CommentAction = z.object({ action: ModerationAction });
export type CommentAction = z.infer<typeof CommentAction>;

export const BulkAction = z.object({ action: ModerationAction, ids: z.array(Id).min(1).max(200) });
export type BulkAction = z.infer<typeof BulkAction>;

/** Ban the author of `commentId` (reader, and optionally its e-mail and IP hash), or `readerId` on `site`. */
export const NewBan = z
  .object({
    commentId: Id.optional(),
    readerId: Id.optional(),
    site: SiteSlug.optional(),
    email: z.boolean().default(false),
    ip: z.boolean().default(false),
    reason: cleanText(500).default(''),
    /** null: until lifted. */
    days: z.number().int().min(1).max(36_500).nullable().default(null),
    /** What becomes of the reader's comments still waiting for review: rejected with the ban (same transaction and audit batch), or kept. */
    pendingComments: z.enum(['reject', 'keep']).default('keep'),
  })
  .refine((b) => b.commentId !== undefined || (b.readerId !== undefined && b.site !== undefined), {
    message: 'Name a comment, or a reader and its site',
    path: ['commentId'],
  });
export type NewBan = z.infer<typeof NewBan>;

export const ReadersQuery = z.object({
  site: SiteSlug.optional(),
  /** Part of a name or e-mail address; `%` and `_` are plain characters. */
  q: lineText(100).optional(),
  cursor: Cursor.optional(),
  limit: Limit.default(20),
});

export const BansQuery = z.object({
  site: SiteSlug.optional(),
  active: BoolParam.optional(),
  cursor: Cursor.optional(),
  limit: Limit.default(50),
});

export const PagesQuery = z.object({
  site: SiteSlug.optional(),
  text: lineText(200).optional(),
  cursor: Cursor.optional(),
  limit: Limit.default(50),
});

export const Origin = z
  .string()
  .max(300)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s;
    } catch {
      return false;
    }
  }, 'An origin: scheme, host and port only, like https://example.com');

// Word lists land in jsonb: a NUL or a lone surrogate must be a 422 here, not a database error.
const WordList = z.array(cleanText(100).pipe(z.string().trim().min(1, 'Must not be empty'))).max(2000);

export const SettingsUpdate = z.object({
  name: lineText(100).optional(),
  allowedOrigins: z.array(Origin).max(100).optional(),
  settings: SiteSettings.partial().extend({ bannedWords: WordList.optional(), suspectWords: WordList.optional() }).optional(),
});
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;

export const AuditQuery = z.object({
  site: SiteSlug.optional(),
  moderatorId: IdParam.optional(),
  cursor: Cursor.optional(),
  limit: Limit.default(50),
});

export const EventsQuery = z.object({ site: SiteSlug.optional() });

// ---- Responses ----

export type QueueCounts = Record<QueueName, number>;

/** A comment as a moderator sees it: Markdown and sanitised HTML, why it was held, the counters. */
export type AdminComment = {
  id: number;
  siteId: number;
  pageId: number;
  parentId: number | null;
  depth: number;
  readerId: number;
  authorName: string;
  isGuest: boolean;
  status: CommentStatus;
  /** Why it was held, e.g. `first comment`, `suspect word: deal`, `links: 3`, `reported ×3`. */
  reasons: string[];
  /** Server-sanitised: insert as HTML. Everything else is text. */
  bodyHtml: string;
  bodyMd: string;
  upvotes: number;
  downvotes: number;
  score: number;
  replyCount: number;
  flagCount: number;
  isPinned: boolean;
  anchor: Anchor | null;
  createdAt: string;
  editedAt: string | null;
  moderatedAt: string | null;
};

export type AdminPage = {
  id: number;
  siteId: number;
  siteSlug: string;
  key: string;
  url: string | null;
  title: string | null;
  isLocked: boolean;
  commentCount: number;
  createdAt: string;
};

export type RecentComment = { id: number; status: CommentStatus; bodyHtml: string; pageKey: string; createdAt: string };

export type BanView = {
  id: number;
  siteId: number;
  kind: 'reader' | 'email' | 'ip';
  /** The banned reader, for `reader` bans; e-mail and IP bans hold only hashes. */
  readerId: number | null;
  reason: string;
  createdBy: number | null;
  createdAt: string;
  expiresAt: string | null;
  liftedAt: string | null;
  isActive: boolean;
};

/** A reader as a search finds them. */
export type ReaderSummary = {
  readerId: number;
  siteId: number;
  name: string | null;
  email: string | null;
  isGuest: boolean;
  approvedCount: number;
  rejectedCount: number;
  createdAt: string;
};

export type ReaderList = { readers: ReaderSummary[]; nextCursor: string | null };

/**
 * A ban as the list shows it: the banned reader's name (`reader` bans), the start of the stored
 * hash (`email` and `ip` bans, which keep no address), and the moderator who banned.
 */
export type BanListItem = BanView & {
  reader: { id: number; name: string | null; email: string | null } | null;
  valueHint: string | null;
  bannedBy: { id: number; name: string; email: string } | null;
};

export type ReaderHistory = {
  readerId: number;
  siteId: number;
  name: string | null;
  email: string | null;
  isGuest: boolean;
  approvedCount: number;
  rejectedCount: number;
  /** Bans that currently stop this reader (by reader id or e-mail). */
  activeBans: BanView[];
  /** Latest comments, newest first, any status. */
  recent: RecentComment[];
};

export type QueueItem = {
  comment: AdminComment;
  page: AdminPage;
  /** The comment replied to, for context. */
  parent: AdminComment | null;
  author: ReaderHistory;
};

export type QueuePage = { queue: QueueName; items: QueueItem[]; nextCursor: string | null; counts: QueueCounts };

export type ActionResult = { action: ModerationAction; batchId: string; comments: AdminComment[] };

export type AuditEntry = {
  id: number;
  siteId: number | null;
  moderator: { id: number; email: string; name: string } | null;
  /** A ModerationAction, or `ban`, `unban`, `lock`, `unlock`, `settings`, `moderator_add`, `moderator_update`, `undo`. */
  action: string;
  targetType: 'comment' | 'ban' | 'page' | 'site' | 'moderator' | 'audit';
  targetId: string;
  batchId: string | null;
  before: unknown;
  after: unknown;
  createdAt: string;
  undoneAt: string | null;
};

export type AuditPage = { entries: AuditEntry[]; nextCursor: string | null };

export type UndoResult = { undone: AuditEntry[]; comments: AdminComment[] };

/** `rejected`: the reader's pending comments the ban rejected (`pendingComments: 'reject'`), as they are now. */
export type BanResult = { bans: BanView[]; rejected: AdminComment[] };
export type BanPage = { bans: BanListItem[]; nextCursor: string | null };

export type PageList = { pages: AdminPage[]; nextCursor: string | null };

/** `ssoEnabled`: the site has a single sign-on secret (`npm run parley -- site sso`); never the secret. */
export type SiteSettingsView = { site: AdminSite & { allowedOrigins: string[] }; settings: SiteSettings; ssoEnabled: boolean };

/** What `/events` relays for the caller's sites: enough to refresh counts and the open queue. */
export type AdminLiveEvent =
  | { type: 'ready' }
  | { type: 'comment'; siteId: number; pageId: number; commentId: number; status: string }
  | { type: 'status'; siteId: number; pageId: number; commentId: number; status: string }
  | { type: 'edit'; siteId: number; pageId: number; commentId: number }
  | { type: 'page'; siteId: number; pageId: number }
  | { type: 'site'; siteId: number };
