import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, ParleyClient, type CommentView, type FlagReason, type Sort, type SubscriptionKind } from './api-client.ts';
import type { PostDetail } from './events.ts';
import { I18n, type Locale } from './i18n/index.ts';
import * as T from './thread-state.ts';

const PAGE_SIZE = 20;
/** "Load the rest of the comments" and permalinks page through at most this many pages: bounded work. */
export const MAX_PAGES = 100;

/** What the store needs from its element, read when the element connects. */
export type ThreadSource = { api: string; site: string; page: string; sso: string; locale(): Locale };

/**
 * The one owner of a thread's state. Components render `state` and send intents (the methods
 * below); every change is a pure transition from `thread-state.ts`, plus the API call it needs.
 * Live updates, reading the page, posting, voting: all go through here, so counts and lists never
 * disagree. One store per `<parley-comments>`, driven by its connect and disconnect.
 */
export class ThreadStore implements ReactiveController {
  state: T.ThreadState = T.initialState;
  /** The reader's language once known: nothing is rendered before, so no flash of English. */
  i18n: I18n | null = null;
  client!: ParleyClient;
  #source!: ThreadSource;
  #stopLive: (() => void) | null = null;
  #isConnected = false;

  readonly #host: ReactiveControllerHost;
  readonly #read: () => ThreadSource;

  constructor(host: ReactiveControllerHost, read: () => ThreadSource) {
    (this.#host = host).addController(this);
    this.#read = read;
  }

  hostConnected(): void {
    this.#isConnected = true;
    this.#source = this.#read();
    this.client = new ParleyClient(this.#source.api, this.#source.site);
  }

  hostDisconnected(): void {
    this.#isConnected = false;
    this.#stopLive?.();
    this.#stopLive = null;
  }

  get pageKey(): string {
    return this.#source.page || location.pathname;
  }

  get words(): I18n {
    return this.i18n ?? new I18n('en');
  }

  /** An error in the reader's words: translated by code, the server's message as the fallback. */
  describe(error: unknown): string {
    return error instanceof ApiError ? this.words.error(error.code, error.message) : this.words.error('unknown', String(error));
  }

  #set(next: Partial<T.ThreadState> | T.ThreadState): void {
    this.state = { ...this.state, ...next };
    this.#host.requestUpdate();
  }

  /** Runs an intent; a failure is told in the notice line instead of thrown. */
  async run(task: () => Promise<unknown>): Promise<void> {
    try {
      await task();
    } catch (e) {
      this.#set({ notice: this.describe(e) });
    }
  }

  /** The first page, the reader's own state and the words, all at once; again after a sort or "N new". */
  async load(): Promise<void> {
    this.#set({ status: 'loading' });
    const c = this.client;
    const words = this.i18n ? Promise.resolve(this.i18n) : I18n.load(this.#source.locale()).catch(() => new I18n('en'));
    try {
      // The sign-in goes first for `/me` alone; the thread does not wait. A refused one leaves a guest.
      let ssoError: unknown = null;
      const signedIn = this.#source.sso ? c.signIn(this.#source.sso).catch((e: unknown) => void (ssoError = e)) : null;
      const [i18n, thread, me] = await Promise.all([
        words,
        c.thread(this.pageKey, this.state.sort, null, PAGE_SIZE),
        Promise.resolve(signedIn).then(() => c.me(this.pageKey)).catch(() => null),
      ]);
      this.i18n = i18n;
      const name = await signedIn;
      const was = this.state.author;
      const author = name
        ? { name, email: me?.reader?.email ?? '', isSignedIn: true }
        : me?.reader
          ? { name: was.name || (me.reader.name ?? ''), email: was.email || (me.reader.email ?? '') }
          : was;
      this.#set({ ...T.threadLoaded(this.state, thread, this.pageKey, me), author, ...(ssoError ? { notice: this.describe(ssoError) } : {}) });
      // Feedback shown in the article is as fresh as the thread below it.
      if (this.state.inline) void this.run(() => this.loadInline());
      this.#listen();
    } catch (e) {
      this.i18n ??= await words;
      this.#set({ notice: this.describe(e), status: 'failed' });
    }
  }

  #listen(): void {
    // A load that finishes after the element left the page opens nothing.
    if (!this.#isConnected) return;
    this.#stopLive ??= this.client.listen(this.pageKey, (type, data) => {
      const id = data.id;
      if (typeof id !== 'number') return;
      if (type === 'comment') this.#set(T.commentArrived(this.state, id));
      else if (type === 'vote' && typeof data.score === 'number') this.#set(T.scoreChanged(this.state, id, data.score));
    });
  }

  async loadMore(limit = PAGE_SIZE): Promise<void> {
    if (!this.state.nextCursor) return;
    const thread = await this.client.thread(this.pageKey, this.state.sort, this.state.nextCursor, limit);
    if (thread) this.#set(T.pageAppended(this.state, thread));
  }

  async loadAll(): Promise<void> {
    for (let i = 0; this.state.nextCursor && i < MAX_PAGES; i++) await this.loadMore(100);
  }

  /** Every feedback thread of the page, for marking passages: bounded like "View all comments". */
  async loadInline(): Promise<void> {
    const all: CommentView[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < MAX_PAGES; i++) {
      const page = await this.client.thread(this.pageKey, 'oldest', cursor, 100, 'inline');
      all.push(...(page?.comments ?? []));
      cursor = page?.nextCursor ?? null;
      if (!cursor) break;
    }
    this.#set(T.inlineLoaded(this.state, all));
  }

  async loadReplies(rootId: number): Promise<void> {
    this.#set({ loadingReplies: rootId });
    try {
      const page = await this.client.replies(rootId, this.state.replyPages.get(rootId)?.cursor ?? null);
      this.#set(T.repliesLoaded(this.state, rootId, page));
    } finally {
      this.#set({ loadingReplies: null });
    }
  }

  /**
   * Pulls in what arrived live; the first of them to focus (no notice line: it would push the
   * thread down under the reader's eyes). A few are
   * fetched and placed, so nothing above them moves; many, or a new thread that belongs after
   * pages not loaded yet, take a fresh first page.
   */
  async showArrived(): Promise<number | null> {
    const ids = [...this.state.arrived];
    const comments = ids.length > 10 ? [] : (await Promise.all(ids.map((id) => this.client.comment(id).catch(() => null)))).filter((c) => !!c);
    if (!comments.length || (this.state.nextCursor && this.state.sort === 'oldest' && comments.some((c) => !c.parentId))) await this.load();
    else this.#set(T.arrivedShown(this.state, comments));
    return comments.find((c) => this.state.comments.some((x) => x.id === c.id))?.id ?? null;
  }

  /** Loads whatever thread page and reply pages hold comment `id`; true once it is shown. */
  async reveal(id: number): Promise<boolean> {
    const isShown = () => T.visible(this.state).some((c) => c.id === id);
    if (this.state.status !== 'ready') return false;
    if (!isShown()) {
      const target = await this.client.comment(id);
      const hasRoot = () => this.state.comments.some((c) => c.id === target.rootId);
      this.#set({ isInlineOnly: false });
      for (let i = 0; !hasRoot() && this.state.nextCursor && i < MAX_PAGES; i++) await this.loadMore(100);
      for (let i = 0; !isShown() && hasRoot() && i < MAX_PAGES; i++) {
        await this.loadReplies(target.rootId);
        if (!this.state.replyPages.get(target.rootId)?.cursor) break;
      }
    }
    if (isShown()) this.#set({ highlightId: id });
    return isShown();
  }

  /** Shows the whole thread in `sort` order; true if that took a fresh load. */
  async sortBy(sort: Sort): Promise<boolean> {
    this.#set({ isInlineOnly: false });
    if (sort === this.state.sort && this.state.status === 'ready') return false;
    this.#set({ sort });
    await this.load();
    return true;
  }

  showInlineOnly(on: boolean): void {
    this.#set({ isInlineOnly: on });
  }

  toggle(id: number): void {
    this.#set(T.toggled(this.state, id));
  }

  open(active: T.ThreadState['active']): void {
    this.#set({ active, formError: null });
  }

  /** Posts a comment or reply; the id to focus once it is on screen, null if it failed. */
  async post(d: PostDetail): Promise<number | null> {
    this.#set({ busy: true, formError: null });
    try {
      const url = /^https?:$/.test(location.protocol) ? location.href.split('#')[0] : undefined;
      const res = await this.client.post({
        page: this.pageKey,
        ...(url ? { url } : {}),
        ...(document.title ? { title: document.title.slice(0, 300) } : {}),
        ...(d.parentId ? { parentId: d.parentId } : {}),
        // The page key goes with the quote: the server refuses a passage selected on another page.
        ...(d.anchor && !d.parentId ? { anchor: { ...d.anchor, page: this.pageKey } } : {}),
        body: d.body,
        author: { name: d.author.name, ...(d.author.email ? { email: d.author.email } : {}) },
        honeypot: d.honeypot,
        elapsedMs: Math.max(0, d.elapsedMs),
        ...(d.notifyReplies ? { notifyReplies: true } : {}),
      });
      const c = res.comment;
      this.client.rememberSource(c.id, d.body.trim());
      let s = T.editAllowed(T.ownPosted({ ...this.state, author: d.author }, c.id), c);
      // Held either way (for review, or by the spam filter): the author sees it labelled, nobody else does.
      s = T.commentPlaced(s, res.status === 'approved' ? c : { ...c, status: 'pending' }, true);
      // Each outcome in its own words: published, waiting for a moderator, or held by the spam filter.
      const notice = this.words.t(res.status === 'approved' ? 'posted' : res.status === 'spam' ? 'postedSpam' : 'postedPending');
      this.#set({ ...s, notice, active: null, resetKey: s.resetKey + Number(!d.parentId) });
      return c.id;
    } catch (e) {
      const formError = this.describe(e);
      this.#set({ formError, formErrorFor: d.parentId ? 'active' : 'new' });
      const page = this.state.page;
      if (e instanceof ApiError && (e.code === 'page_locked' || e.code === 'page_closed') && page) {
        this.#set({ page: { ...page, isLocked: true }, notice: formError });
      }
      return null;
    } finally {
      this.#set({ busy: false });
    }
  }

  /** Saves the open edit; the id to focus, null if nothing was saved. */
  async save(body: string): Promise<number | null> {
    const active = this.state.active;
    if (active?.kind !== 'edit') return null;
    this.#set({ busy: true, formError: null });
    try {
      const { comment } = await this.client.edit(active.id, body);
      this.client.rememberSource(active.id, body.trim());
      const notice = this.words.t(comment.status === 'pending' ? 'postedPending' : 'saved');
      this.#set({ ...T.commentPlaced(this.state, comment, false), notice, active: null });
      return active.id;
    } catch (e) {
      this.#set({ formError: this.describe(e), formErrorFor: 'active' });
      return null;
    } finally {
      this.#set({ busy: false });
    }
  }

  async remove(id: number): Promise<void> {
    await this.client.remove(id);
    this.#set({ ...T.commentRemoved(this.state, id), notice: this.words.t('removed') });
  }

  /** Optimistic: the arrow and the score change at once; an error puts both back. */
  async vote(id: number, value: 1 | -1 | 0): Promise<void> {
    const before = this.state.comments.find((c) => c.id === id) ?? this.state.inline?.find((c) => c.id === id);
    if (!before) return;
    const previous = this.state.me.votes[id] ?? 0;
    this.#set(T.voteSet(this.state, id, value));
    try {
      const result = await this.client.vote(id, value);
      this.#set(T.voteSet(this.state, id, result.value, result));
    } catch (e) {
      this.#set({ ...T.voteSet(this.state, id, previous, before), notice: this.describe(e) });
    }
  }

  async flag(id: number, reason: FlagReason): Promise<void> {
    await this.client.flag(id, reason);
    this.#set({ ...T.flagged(this.state, id), notice: this.words.t('reportThanks') });
  }

  /** The Subscribe menu opened: what the reader is subscribed to here, fresh (a link may have confirmed one since). */
  async loadSubscriptions(): Promise<void> {
    this.#set({ subscriptions: await this.client.subscriptions(this.pageKey) });
  }

  async subscribe(email: string, kind: SubscriptionKind): Promise<void> {
    this.#set({ busy: true });
    let status: T.ThreadState['subscribeStatus'];
    try {
      const sub = await this.client.subscribe(this.pageKey, email, kind);
      this.#set(T.subscribed(this.state, sub));
      status = sub.state === 'subscribed' ? 'subscribeDone' : 'subscribeSent';
    } catch (e) {
      status = { error: this.describe(e) };
    }
    this.#set({ busy: false, subscribeStatus: status });
  }

  /** A failure is told in the notice line (`run`). */
  async unsubscribe(id: number): Promise<void> {
    await this.client.unsubscribe(id);
    this.#set({ ...T.unsubscribed(this.state, id), subscribeStatus: 'unsubscribed' });
  }

  /** The Markdown of an own comment, for editing it: kept on this device, else from `/me`, else the text. */
  sourceOf(id: number): string {
    const s = this.state;
    const known = s.me.sources[String(id)] ?? this.client.sourceOf(id);
    if (known !== undefined) return known;
    // Written on another device: start from the rendered text rather than from nothing.
    const c: CommentView | undefined = s.comments.find((x) => x.id === id) ?? s.me.pending.find((x) => x.id === id);
    const doc = new DOMParser().parseFromString(c?.bodyHtml ?? '', 'text/html');
    return [...doc.body.children].map((p) => p.textContent ?? '').join('\n\n');
  }
}
