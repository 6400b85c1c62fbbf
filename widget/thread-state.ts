import type { CommentView, MeView, PageView, Sort, ThreadPage } from '../server/contract/comment.ts';
import type { PublicSettings } from '../server/contract/settings.ts';
import type { SubscriptionState } from '../server/contract/subscription.ts';

/**
 * The loaded part of a thread is kept as the API sends it: a flat list in thread order, each
 * top-level comment followed by its replies (depth-first). These pure functions change it;
 * those needed only after the first paint are in `thread-writes.ts`.
 */
export type Flat = readonly CommentView[];
export type ThreadGroup = { root: CommentView; replies: CommentView[] };

export const bump = (list: CommentView[], id: number | null, field: 'replyCount' | 'descendantCount', delta: number) => {
  const at = list.findIndex((c) => c.id === id);
  const c = list[at];
  if (c) list[at] = { ...c, [field]: Math.max(0, c[field] + delta) };
};

/** Places a new comment where the thread shows it; `count` keeps reply counters in step. */
export function insertComment(list: Flat, comment: CommentView, sort: Sort, count = true): CommentView[] {
  const next = list.filter((c) => c.id !== comment.id);
  if (comment.parentId === null) {
    return sort === 'oldest' ? [...next, comment] : [comment, ...next];
  }
  const parentAt = next.findIndex((c) => c.id === comment.parentId);
  const parent = next[parentAt];
  if (!parent) return next;
  let end = parentAt + 1;
  while (end < next.length && next[end]!.rootId === parent.rootId && next[end]!.depth > parent.depth) end++;
  next.splice(end, 0, comment);
  if (count) {
    bump(next, comment.parentId, 'replyCount', 1);
    bump(next, comment.rootId, 'descendantCount', 1);
  }
  return next;
}

/** The reader's own held comments, shown only to them, in the place they will have when approved. */
export function withPending(list: Flat, pending: Flat, sort: Sort): CommentView[] {
  let next = [...list];
  for (const c of [...pending].sort((a, b) => a.id - b.id)) {
    if (!next.some((x) => x.id === c.id)) next = insertComment(next, c, sort, false);
  }
  return next;
}

export function groupThreads(list: Flat): ThreadGroup[] {
  const groups: ThreadGroup[] = [];
  for (const c of list) {
    if (c.parentId === null) groups.push({ root: c, replies: [] });
    else groups.at(-1)?.replies.push(c);
  }
  return groups;
}

export type Author = { name: string; email: string; isSignedIn?: boolean };

/**
 * Everything `<parley-comments>` shows, owned by its `ThreadStore` and replaced, never mutated, by
 * the transitions below. Counts are not stored: `commentCount` derives them.
 */
export type ThreadState = {
  status: 'loading' | 'ready' | 'failed';
  /** The page as the server last described it (its count included). */
  page: PageView | null;
  settings: PublicSettings | null;
  comments: CommentView[];
  nextCursor: string | null;
  sort: Sort;
  /** The reader's own state: votes, flags, held comments, what they may edit (empty without an identity). */
  me: MeView;
  author: Author;
  /** Reply pages fetched past a root's first replies: the cursor to go on from and all loaded. */
  replyPages: ReadonlyMap<number, { cursor: string | null; loaded: CommentView[] }>;
  /** Live: comments that arrived since the page was loaded, not shown until the reader asks. */
  arrived: ReadonlySet<number>;
  /** The reader's own new comments: on screen already, whichever came first, answer or event. */
  own: ReadonlySet<number>;
  /** Comments whose approved-ness changed here since `page.commentCount` was counted: [was, is]. */
  approvals: ReadonlyMap<number, readonly [boolean, boolean]>;
  isInlineOnly: boolean;
  /** The page has inline feedback somewhere (the server says so with every thread page). */
  hasInline: boolean;
  /** Every feedback thread of the page (anchored roots, each with its replies); null until asked for. */
  inline: CommentView[] | null;
  collapsed: ReadonlySet<number>;
  active: { kind: 'reply' | 'edit'; id: number } | null;
  busy: boolean;
  formError: FormError | null;
  /** Which form the error is about: the main one, or the open reply / edit form. */
  formErrorFor: 'new' | 'active';
  /** Bumped after a post from the main form: the form starts over. */
  resetKey: number;
  highlightId: number | null;
  loadingReplies: number | null;
  notice: string;
  /** The Subscribe menu's last answer: what happened (the menu has the words), or an error in words. */
  subscribeStatus: 'subscribeSent' | 'subscribeDone' | 'unsubscribed' | { error: string; field?: string } | null;
  /** The reader's subscriptions on this page, each pending ("check your inbox") or confirmed; absent until the menu asks. */
  subscriptions?: readonly SubscriptionState[];
};

/** A write's error in the reader's words, and the request field it is about (`author.name`), if one. */
export type FormError = { message: string; field?: string | undefined };

const NO_ME: MeView = { reader: null, votes: {}, flagged: [], pending: [], editable: {}, sources: {} };

export const initialState: ThreadState = {
  status: 'loading',
  page: null,
  settings: null,
  comments: [],
  nextCursor: null,
  sort: 'oldest',
  me: NO_ME,
  author: { name: '', email: '' },
  replyPages: new Map(),
  arrived: new Set(),
  own: new Set(),
  approvals: new Map(),
  isInlineOnly: false,
  hasInline: false,
  inline: null,
  collapsed: new Set(),
  active: null,
  busy: false,
  formError: null,
  formErrorFor: 'new',
  resetKey: 0,
  highlightId: null,
  loadingReplies: null,
  notice: '',
  subscribeStatus: null,
};

/** The "N Comments" figure: the server's count, plus what changed here since it was counted. */
export function commentCount(s: ThreadState): number {
  let n = s.page?.commentCount ?? 0;
  for (const [was, is] of s.approvals.values()) n += Number(is) - Number(was);
  return Math.max(0, n);
}

export const isOpen = (s: ThreadState): boolean => !!s.page && !s.page.isLocked && !s.page.isClosed;

/** The loaded thread plus the reader's own held comments, which only they see. */
export const visible = (s: ThreadState): CommentView[] => withPending(s.comments, s.me.pending, s.sort);

/** A fresh first page: everything that had arrived live is in it, and its count is the server's. */
export function threadLoaded(s: ThreadState, thread: ThreadPage | null, pageKey: string, me: MeView | null): ThreadState {
  return {
    ...s,
    status: 'ready',
    page: thread?.page ?? { key: pageKey, url: null, title: null, commentCount: 0, isLocked: false, isClosed: false },
    settings: thread?.settings ?? null,
    comments: thread?.comments ?? [],
    nextCursor: thread?.nextCursor ?? null,
    me: me ?? NO_ME,
    replyPages: new Map(),
    arrived: new Set(),
    approvals: new Map(),
    hasInline: !!thread?.hasInline || !!s.inline?.length,
  };
}

export function toggled(s: ThreadState, id: number): ThreadState {
  const collapsed = new Set(s.collapsed);
  if (!collapsed.delete(id)) collapsed.add(id);
  return { ...s, collapsed };
}
