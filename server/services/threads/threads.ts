import type { CommentView, RepliesPage, Sort, ThreadFilter, ThreadPage } from '../../contract/comment.ts';
import { notFound } from '../../errors.ts';
import { findComment, listDescendants, type TopCursor } from '../../store/comments.ts';
import { listThreadPage, type ThreadCommentRow } from '../../store/thread-page.ts';
import { countByKeys, findPageById, type PageRow } from '../../store/pages.ts';
import { isPageClosed, toCommentView, toPageView } from '../comments/comment-view.ts';
import type { Services } from '../context.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { ThreadAnswer } from './thread-answer.ts';
import { publicSettings, type Site } from '../sites/sites.ts';
import type { PublicSettings, SiteSettings } from '../../contract/settings.ts';
import { sha256 } from '../readers/tokens.ts';

/** Replies shown under each top-level comment before "load more". */
const FIRST_REPLIES = 3;

type TopCursorWire = { p: 0 | 1; s: number; i: number };
const isTopCursor = (v: unknown): v is TopCursorWire =>
  typeof v === 'object' && v !== null &&
  ((v as TopCursorWire).p === 0 || (v as TopCursorWire).p === 1) &&
  Number.isSafeInteger((v as TopCursorWire).s) && Number.isSafeInteger((v as TopCursorWire).i);
const isPathCursor = (v: unknown): v is string => typeof v === 'string' && /^\d{12,240}$/.test(v);

export type ThreadQuery = { site: string; page: string; sort: Sort; filter?: ThreadFilter; cursor?: string | undefined; limit: number };
/**
 * `version` names the page's current content for this query (it changes with every visible change,
 * the page's open/closed state and its public settings) and `etag` is its weak ETag; `cached` is the
 * serialized ThreadPage when the cache holds it, `body()` gives it either way. A caller that already
 * holds this version need not ask for the body.
 */
export type ThreadPageVersion = { version: string; etag: string; cached: ThreadAnswer | undefined; body(): Promise<ThreadAnswer> };
const utf8 = new TextEncoder();

// Computed once per settings object (the site directory keeps one per site until it reloads),
// not once per request: the public part and its JSON, which goes into every cache key.
const publicOf = new WeakMap<SiteSettings, { settings: PublicSettings; json: string }>();
function publicSettingsOf(resolved: SiteSettings): { settings: PublicSettings; json: string } {
  let entry = publicOf.get(resolved);
  if (!entry) {
    const settings = publicSettings(resolved);
    entry = { settings, json: JSON.stringify(settings) };
    publicOf.set(resolved, entry);
  }
  return entry;
}

// One sha256 per distinct key (page version, open state, settings, query), not one per request.
// A key names its content for good, so a dropped entry is only hashed again.
const VERSIONS_KEPT = 10_000;
const versions = new Map<string, { version: string; etag: string }>();
function versionOf(key: string): { version: string; etag: string } {
  let entry = versions.get(key);
  if (!entry) {
    const version = sha256(key).slice(0, 27);
    entry = { version, etag: `W/"${version}"` };
    if (versions.size >= VERSIONS_KEPT) versions.clear();
    versions.set(key, entry);
  }
  return entry;
}

/**
 * One page of a thread, the same for every viewer. On a cache hit it reads nothing from the
 * database (site and page rows come from their short-lived in-memory directories); on a miss, two
 * index range scans (the top-level comments, then their first replies), however long the thread is.
 */
export async function getThreadPage(services: Services, query: ThreadQuery): Promise<ThreadPageVersion> {
  const { clock, sites, threadCache } = services;
  const site = await sites.get(query.site);
  const page = await services.pages.find(site.id, query.page);
  const settings = publicSettingsOf(site.resolved);
  // A page nobody has commented on yet is an empty thread, not an error: every new article
  // embeds the widget before its first comment. The page row is made by that first comment.
  if (!page) return emptyThread(query, settings);

  const now = clock.now();
  const key = cacheKeyOf(page, site, settings.json, query, now);
  const { version, etag } = versionOf(key);
  return new StoredThreadPage(version, etag, threadCache.get(key), key, services, query, site, page, settings.settings, now);
}

/** Names the content of one answer: the page's version and open state, the public settings, the query. */
function cacheKeyOf(page: PageRow, site: Site, settingsJson: string, query: ThreadQuery, now: Date): string {
  const isClosed = isPageClosed(page, site.resolved, now);
  return [page.id, page.version, isClosed, settingsJson, query.sort, query.filter ?? 'all', query.cursor ?? '', query.limit].join('|');
}

/**
 * `getThreadPage` when all it needs is in memory already (site, page row, the cached answer), with
 * no await: what the cached read serves (routes/public/cached-thread-lane.ts). `undefined` whenever
 * anything would have to be looked up or computed; `getThreadPage` then does it.
 */
export function peekThreadPage(services: Services, query: ThreadQuery): { site: Site; etag: string; answer: ThreadAnswer } | undefined {
  const site = services.sites.peek(query.site);
  if (!site) return undefined;
  const page = services.pages.peek(site.id, query.page);
  if (!page) return undefined;
  const { key, etag } = keyOfHeld(page, site, query, services.clock.now());
  const answer = services.threadCache.get(key);
  return answer && { site, etag, answer };
}

// The key and ETag of (page row, query) as last computed, per page row object (the page memo makes
// a new one when it reloads): the cached read then builds no key string per request.
type HeldKey = { settingsJson: string; isClosed: boolean; key: string; etag: string };
const heldKeys = new WeakMap<PageRow, Map<ThreadQuery, HeldKey>>();
function keyOfHeld(page: PageRow, site: Site, query: ThreadQuery, now: Date): HeldKey {
  const settingsJson = publicSettingsOf(site.resolved).json;
  const isClosed = isPageClosed(page, site.resolved, now);
  let byQuery = heldKeys.get(page);
  if (!byQuery) heldKeys.set(page, (byQuery = new Map()));
  let held = byQuery.get(query);
  if (!held || held.settingsJson !== settingsJson || held.isClosed !== isClosed) {
    const key = cacheKeyOf(page, site, settingsJson, query, now);
    held = { settingsJson, isClosed, key, etag: versionOf(key).etag };
    // Bounded: query objects are kept per distinct query string (routes/validate.ts memoizedQuery).
    if (byQuery.size >= 100) byQuery.clear();
    byQuery.set(query, held);
  }
  return held;
}

/** A class, not an object literal with closures: a cached read builds this one object and no functions. */
class StoredThreadPage implements ThreadPageVersion {
  constructor(
    readonly version: string,
    readonly etag: string,
    readonly cached: ThreadAnswer | undefined,
    private readonly key: string,
    private readonly services: Services,
    private readonly query: ThreadQuery,
    private readonly site: Site,
    private readonly page: PageRow,
    private readonly settings: PublicSettings,
    private readonly now: Date,
  ) {}

  body(): Promise<ThreadAnswer> {
    if (this.cached) return Promise.resolve(this.cached);
    return this.services.threadCache.load(this.key, async () => new ThreadAnswer(await computeThreadPage(this.services, this.query, this.site, this.page, this.settings, this.now)));
  }
}

async function computeThreadPage(services: Services, query: ThreadQuery, site: Site, page: PageRow, settings: PublicSettings, now: Date): Promise<Uint8Array<ArrayBuffer>> {
  const wire = decodeCursor(query.cursor, isTopCursor);
  const after: TopCursor | null = wire ? { isPinned: wire.p === 1, score: wire.s, id: wire.i } : null;
  const isAnchored = query.filter === 'inline';
  // One statement: on PGlite's single connection a read waits in line once, not four times.
  const { top, replies, hasAnchored } = await listThreadPage(services.database, { pageId: page.id, sort: query.sort, after, fetch: query.limit + 1, perRoot: FIRST_REPLIES, isAnchored });
  const shown = top.slice(0, query.limit);
  const last = shown.at(-1);
  const nextCursor = top.length > query.limit && last ? encodeCursor({ p: last.isPinned ? 1 : 0, s: last.score, i: last.id }) : null;

  // Replies come in thread order (path); the one extra top-level row's replies are not shown.
  const byRoot = new Map<number, ThreadCommentRow[]>();
  for (const r of replies) {
    const list = byRoot.get(r.rootId);
    if (list) list.push(r);
    else byRoot.set(r.rootId, [r]);
  }
  const comments: CommentView[] = [];
  for (const root of shown) {
    comments.push(toCommentView(root));
    for (const r of byRoot.get(root.id) ?? []) comments.push(toCommentView(r));
  }

  const result: ThreadPage = {
    page: toPageView(page, site.resolved, now),
    settings,
    sort: query.sort,
    // The inline tab shows anchored rows only: having shown one (or paged past some) answers it.
    hasInline: isAnchored && (top.length > 0 || query.cursor) ? true : hasAnchored,
    comments,
    nextCursor,
  };
  return utf8.encode(JSON.stringify(result));
}

function emptyThread(query: ThreadQuery, settings: { settings: PublicSettings; json: string }): ThreadPageVersion {
  // Same answer until the first comment creates the page; then the version (from the page id) changes.
  const result: ThreadPage = {
    page: { key: query.page, url: null, title: null, commentCount: 0, isLocked: false, isClosed: false },
    settings: settings.settings,
    sort: query.sort,
    hasInline: false,
    comments: [],
    nextCursor: null,
  };
  const { version, etag } = versionOf(['empty', query.page, settings.json, query.sort, query.filter ?? 'all'].join('|'));
  return { version, etag, cached: undefined, body: async () => new ThreadAnswer(utf8.encode(JSON.stringify(result))) };
}

/** More of one thread: every visible descendant of the comment, in thread order, after the cursor. */
export async function getReplies(services: Services, commentId: number, cursor: string | undefined, limit: number): Promise<RepliesPage> {
  const db = services.database.db;
  const comment = await findComment(db, commentId);
  if (!comment || !comment.isVisible) throw notFound('comment', 'id');
  const afterPath = decodeCursor(cursor, isPathCursor);
  const rows = await listDescendants(db, comment, afterPath, limit + 1);
  const shown = rows.slice(0, limit);
  return {
    comments: shown.map((c) => toCommentView(c)),
    nextCursor: rows.length > limit ? encodeCursor(shown.at(-1)!.path) : null,
  };
}

/** The site a comment is on (for a browser on another origin reading it by id), or null. */
export async function siteOfComment(services: Services, commentId: number): Promise<Site | null> {
  const comment = await findComment(services.database.db, commentId);
  const page = comment ? await findPageById(services.database.db, comment.pageId) : undefined;
  return page ? services.sites.byId(page.siteId) : null;
}

/** One visible comment with its `rootId`: what a permalink needs to find the thread page it is on. */
export async function getComment(services: Services, commentId: number): Promise<CommentView> {
  const comment = await findComment(services.database.db, commentId);
  if (!comment || !comment.isVisible) throw notFound('comment', 'id');
  return toCommentView(comment);
}

export async function getCounts(services: Services, siteSlug: string, keys: string[]): Promise<Record<string, number>> {
  const site = await services.sites.get(siteSlug);
  const found = await countByKeys(services.database.db, site.id, keys);
  return Object.fromEntries(keys.map((k) => [k, found[k] ?? 0]));
}
