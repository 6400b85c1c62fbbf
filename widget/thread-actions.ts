import { ApiError, type CommentView, type FlagReason, type ParleyClient } from './api-client.ts';
import { ParleyWrites } from './api-writes.ts';
import type { PostDetail, SubscriptionChange } from './events.ts';
import './i18n/en-more.ts';
import type { I18n } from './i18n/index.ts';
import { visible, type FormError, type ThreadState } from './thread-state.ts';
import * as W from './thread-writes.ts';

/**
 * The thread store's second half: what a reader does after the first paint (more pages and
 * replies, permalinks, votes, the reader's own writes) and live updates. Each function is one of
 * `ThreadStore`'s intents (the store's methods of the same name call it), so components still talk
 * only to the store. Its own chunk, fetched right after the first paint or by the first intent.
 */

/** "Load the rest of the comments" and permalinks page through at most this many pages: bounded work. */
export const MAX_PAGES = 100;

/** What these functions use of `ThreadStore` (declared here, so this module does not import the store's). */
export type ThreadStore = {
  readonly state: ThreadState;
  readonly client: ParleyClient;
  readonly pageKey: string;
  readonly words: I18n;
  set(next: Partial<ThreadState>): void;
  describe(error: unknown): string;
};

// Refusals about the text itself: the form marks the comment field even if the server named none.
const BODY_CODES = new Set(['banned_word', 'duplicate', 'payload_too_large', 'edit_window_closed']);
/** A write's error for a form: in words, on the field the server named. */
const formError = (store: ThreadStore, e: unknown): FormError => ({
  message: store.describe(e),
  field: e instanceof ApiError ? (e.field ?? (BODY_CODES.has(e.code) ? 'body' : undefined)) : undefined,
});

const clients = new WeakMap<ParleyClient, ParleyWrites>();
/** The writes client over the store's current `ParleyClient` (one per connection). */
export function writes(store: ThreadStore): ParleyWrites {
  let w = clients.get(store.client);
  if (!w) clients.set(store.client, (w = new ParleyWrites(store.client)));
  return w;
}

export async function loadMore(store: ThreadStore, limit: number): Promise<void> {
  if (!store.state.nextCursor) return;
  const thread = await store.client.thread(store.pageKey, store.state.sort, store.state.nextCursor, limit);
  if (thread) store.set(W.pageAppended(store.state, thread));
}

export async function loadAll(store: ThreadStore): Promise<void> {
  for (let i = 0; store.state.nextCursor && i < MAX_PAGES; i++) await loadMore(store, 100);
}

/** Every feedback thread of the page, for marking passages: bounded like "View all comments". */
export async function loadInline(store: ThreadStore): Promise<void> {
  const all: CommentView[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await store.client.thread(store.pageKey, 'oldest', cursor, 100, 'inline');
    all.push(...(page?.comments ?? []));
    cursor = page?.nextCursor ?? null;
    if (!cursor) break;
  }
  store.set(W.inlineLoaded(store.state, all));
}

export async function loadReplies(store: ThreadStore, rootId: number): Promise<void> {
  store.set({ loadingReplies: rootId });
  try {
    const page = await store.client.replies(rootId, store.state.replyPages.get(rootId)?.cursor ?? null);
    store.set(W.repliesLoaded(store.state, rootId, page));
  } finally {
    store.set({ loadingReplies: null });
  }
}

/** Loads whatever thread page and reply pages hold comment `id`; true once it is shown. */
export async function reveal(store: ThreadStore, id: number): Promise<boolean> {
  const isShown = () => visible(store.state).some((c) => c.id === id);
  if (store.state.status !== 'ready') return false;
  if (!isShown()) {
    const target = await store.client.comment(id);
    const hasRoot = () => store.state.comments.some((c) => c.id === target.rootId);
    store.set({ isInlineOnly: false });
    for (let i = 0; !hasRoot() && store.state.nextCursor && i < MAX_PAGES; i++) await loadMore(store, 100);
    for (let i = 0; !isShown() && hasRoot() && i < MAX_PAGES; i++) {
      await loadReplies(store, target.rootId);
      if (!store.state.replyPages.get(target.rootId)?.cursor) break;
    }
  }
  if (isShown()) store.set({ highlightId: id });
  return isShown();
}

/** Optimistic: the arrow and the score change before the answer; an error puts both back. */
export async function vote(store: ThreadStore, id: number, value: 1 | -1 | 0): Promise<void> {
  const before = store.state.comments.find((c) => c.id === id) ?? store.state.inline?.find((c) => c.id === id);
  if (!before) return;
  const previous = store.state.me.votes[id] ?? 0;
  store.set(W.voteSet(store.state, id, value));
  try {
    const result = await writes(store).vote(id, value);
    store.set(W.voteSet(store.state, id, result.value, result));
  } catch (e) {
    store.set({ ...W.voteSet(store.state, id, previous, before), notice: store.describe(e) });
  }
}

/** The Markdown of an own comment, for editing it: kept on this device, else from `/me`, else the text. */
export function sourceOf(store: ThreadStore, id: number): string {
  const s = store.state;
  const known = s.me.sources[String(id)] ?? writes(store).sources()[id];
  if (known !== undefined) return known;
  // Written on another device: start from the rendered text rather than from nothing.
  const c: CommentView | undefined = s.comments.find((x) => x.id === id) ?? s.me.pending.find((x) => x.id === id);
  const doc = new DOMParser().parseFromString(c?.bodyHtml ?? '', 'text/html');
  return [...doc.body.children].map((p) => p.textContent ?? '').join('\n\n');
}

/** Live events of the page, into the store; returns what stops them. */
export function listen(store: ThreadStore): () => void {
  return writes(store).listen(store.pageKey, (type, data) => {
    const id = data.id;
    if (typeof id !== 'number') return;
    if (type === 'comment') store.set(W.commentArrived(store.state, id));
    else if (type === 'vote' && typeof data.score === 'number') store.set(W.scoreChanged(store.state, id, data.score));
  });
}

/** Posts a comment or reply; the id to focus once it is on screen, null if it failed. */
export async function post(store: ThreadStore, d: PostDetail): Promise<number | null> {
  store.set({ busy: true, formError: null });
  try {
    const url = /^https?:$/.test(location.protocol) ? location.href.split('#')[0] : undefined;
    const res = await writes(store).post({
      page: store.pageKey,
      ...(url ? { url } : {}),
      ...(document.title ? { title: document.title.slice(0, 300) } : {}),
      ...(d.parentId ? { parentId: d.parentId } : {}),
      // The page key goes with the quote: the server refuses a passage selected on another page.
      ...(d.anchor && !d.parentId ? { anchor: { ...d.anchor, page: store.pageKey } } : {}),
      body: d.body,
      author: { name: d.author.name, ...(d.author.email ? { email: d.author.email } : {}) },
      honeypot: d.honeypot,
      elapsedMs: Math.max(0, d.elapsedMs),
      ...(d.notifyReplies ? { notifyReplies: true } : {}),
    });
    const c = res.comment;
    writes(store).rememberSource(c.id, d.body.trim());
    let s = W.editAllowed(W.ownPosted({ ...store.state, author: d.author }, c.id), c);
    // Held either way (for review, or by the spam filter): the author sees it labelled, nobody else does.
    s = W.commentPlaced(s, res.status === 'approved' ? c : { ...c, status: 'pending' }, true);
    // Each outcome in its own words: published, waiting for a moderator, or held by the spam filter.
    const notice = store.words.t(res.status === 'approved' ? 'posted' : res.status === 'spam' ? 'postedSpam' : 'postedPending');
    store.set({ ...s, notice, active: null, resetKey: s.resetKey + Number(!d.parentId) });
    return c.id;
  } catch (e) {
    const error = formError(store, e);
    store.set({ formError: error, formErrorFor: d.parentId ? 'active' : 'new' });
    const page = store.state.page;
    if (e instanceof ApiError && (e.code === 'page_locked' || e.code === 'page_closed') && page) {
      store.set({ page: { ...page, isLocked: true }, notice: error.message });
    }
    return null;
  } finally {
    store.set({ busy: false });
  }
}

/** Saves the open edit; the id to focus, null if nothing was saved. */
export async function save(store: ThreadStore, body: string): Promise<number | null> {
  const active = store.state.active;
  if (active?.kind !== 'edit') return null;
  store.set({ busy: true, formError: null });
  try {
    const { comment } = await writes(store).edit(active.id, body);
    writes(store).rememberSource(active.id, body.trim());
    const notice = store.words.t(comment.status === 'pending' ? 'postedPending' : 'saved');
    store.set({ ...W.commentPlaced(store.state, comment, false), notice, active: null });
    return active.id;
  } catch (e) {
    store.set({ formError: formError(store, e), formErrorFor: 'active' });
    return null;
  } finally {
    store.set({ busy: false });
  }
}

export async function remove(store: ThreadStore, id: number): Promise<void> {
  await writes(store).remove(id);
  store.set({ ...W.commentRemoved(store.state, id), notice: store.words.t('removed') });
}

export async function flag(store: ThreadStore, id: number, reason: FlagReason): Promise<void> {
  await writes(store).flag(id, reason);
  store.set({ ...W.flagged(store.state, id), notice: store.words.t('reportThanks') });
}

/**
 * The Subscribe menu's intent. `null`: it opened, so what the reader is subscribed to here is
 * fetched fresh (a mail's link may have confirmed one since). `{ id }`: that one ends. Else a new
 * subscription. The menu shows the answer, or the error in words.
 */
export async function subscribe(store: ThreadStore, change: SubscriptionChange): Promise<void> {
  const w = writes(store);
  const isNew = !!change && !('id' in change);
  if (isNew) store.set({ busy: true });
  try {
    if (!change) store.set({ subscriptions: await w.subscriptions(store.pageKey) });
    else if ('id' in change) {
      await w.unsubscribe(change.id);
      store.set({ ...W.unsubscribed(store.state, change.id), subscribeStatus: 'unsubscribed' });
    } else {
      const sub = await w.subscribe(store.pageKey, change.email, change.kind);
      store.set({ ...W.subscribed(store.state, sub), subscribeStatus: sub.state === 'subscribed' ? 'subscribeDone' : 'subscribeSent' });
    }
  } catch (e) {
    store.set({ subscribeStatus: { error: store.describe(e), field: e instanceof ApiError ? e.field : undefined } });
  } finally {
    if (isNew) store.set({ busy: false });
  }
}

/**
 * Pulls in what arrived live; the first of them to focus, 0 if none (no notice line: it would push the
 * thread down under the reader's eyes). A few are fetched and placed, so nothing above them
 * moves; many, or a new thread that belongs after pages not loaded yet, take a fresh first page.
 */
export async function showArrived(store: ThreadStore & { load(): Promise<void> }): Promise<number> {
  const ids = [...store.state.arrived];
  const comments = ids.length > 10 ? [] : (await Promise.all(ids.map((id) => store.client.comment(id).catch(() => null)))).filter((c) => !!c);
  if (!comments.length || (store.state.nextCursor && store.state.sort === 'oldest' && comments.some((c) => !c.parentId))) await store.load();
  else store.set(W.arrivedShown(store.state, comments));
  return comments.find((c) => store.state.comments.some((x) => x.id === c.id))?.id ?? 0;
}
