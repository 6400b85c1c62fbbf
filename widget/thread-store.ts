import { ApiError, ParleyClient, type FlagReason, type Sort } from './api-client.ts';
import type { Controller, ControllerHost } from './components/element.ts';
import type { PostDetail, SubscriptionChange } from './events.ts';
import { I18n, type Locale } from './i18n/index.ts';
import * as T from './thread-state.ts';

const PAGE_SIZE = 20;

/** What the store needs from its element, read when the element connects. */
export type ThreadSource = { api: string; site: string; page: string; sso: string; locale(): Locale };

/**
 * The one owner of a thread's state. Components render `state` and send intents (the methods
 * below); every change is a pure transition from `thread-state.ts`, plus the API call it needs.
 * Live updates, reading the page, posting, voting: all go through here, so counts and lists never
 * disagree. One store per `<parley-comments>`, driven by its connect and disconnect.
 */
export class ThreadStore implements Controller {
  state: T.ThreadState = T.initialState;
  /** The reader's language once known: nothing is rendered before, so no flash of English. */
  i18n: I18n | null = null;
  client!: ParleyClient;
  #source!: ThreadSource;
  #live: { stop(): void } | null = null;
  #actions: Promise<typeof import('./thread-actions.ts')> | null = null;
  #loaded: typeof import('./thread-actions.ts') | null = null;
  #isConnected = false;

  readonly #host: ControllerHost;
  readonly #read: () => ThreadSource;

  constructor(host: ControllerHost, read: () => ThreadSource) {
    (this.#host = host).addController(this);
    this.#read = read;
  }

  hostConnected(): void {
    this.#isConnected = true;
    this.#source = this.#read();
    // embed.js's request for the first page, taken once: a reconnected element asks anew.
    const host = this.#host as { early?: ConstructorParameters<typeof ParleyClient>[2] };
    this.client = new ParleyClient(this.#source.api, this.#source.site, host.early);
    host.early = undefined;
  }

  hostDisconnected(): void {
    this.#isConnected = false;
    this.#live?.stop();
    this.#live = null;
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

  /**
   * The store's second half (thread-actions.ts: the writes, live updates), its own chunk: fetched
   * after the first paint, or by the first write if that comes sooner.
   */
  actions(): Promise<typeof import('./thread-actions.ts')> {
    return (this.#actions ??= import('./thread-actions.ts').then(
      (m) => (this.#loaded = m),
      (e: unknown) => {
        this.#actions = null;
        throw e;
      },
    ));
  }

  /** Applies a transition. Only the store and its second half (thread-actions.ts) call this. */
  set(next: Partial<T.ThreadState> | T.ThreadState): void {
    this.state = { ...this.state, ...next };
    this.#host.requestUpdate();
  }

  /** Runs an intent; a failure is told in the notice line instead of thrown. */
  async run(task: () => Promise<unknown>): Promise<void> {
    try {
      await task();
    } catch (e) {
      this.set({ notice: this.describe(e) });
    }
  }

  /** The first page, the reader's own state and the words, all at once; again after a sort or "N new". */
  async load(): Promise<void> {
    this.set({ status: 'loading' });
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
      this.set({ ...T.threadLoaded(this.state, thread, this.pageKey, me), author, ...(ssoError ? { notice: this.describe(ssoError) } : {}) });
      // Feedback shown in the article is as fresh as the thread below it.
      if (this.state.inline) void this.run(() => this.loadInline());
      this.#listen();
    } catch (e) {
      this.i18n ??= await words;
      this.set({ notice: this.describe(e), status: 'failed' });
    }
  }

  /**
   * Live updates start once the first page is on screen: their code (with the writes) is fetched
   * after this render, never before the first comment is painted.
   */
  #listen(): void {
    // A load that finishes after the element left the page opens nothing.
    if (!this.#isConnected || this.#live) return;
    const live: { stop(): void } = (this.#live = { stop: () => {} });
    void this.#host.updateComplete
      .then(() => new Promise((painted) => setTimeout(painted)))
      .then(() => this.actions())
      .then((a) => {
        // Still this connection's: a disconnect (or a new connection) in between opens nothing.
        if (this.#live === live) live.stop = a.listen(this);
      });
  }

  /** The next page ("Load more comments"); with what follows, in the store's second half (thread-actions.ts). */
  async loadMore(limit = PAGE_SIZE): Promise<void> {
    return (await this.actions()).loadMore(this, limit);
  }

  async loadAll(): Promise<void> {
    return (await this.actions()).loadAll(this);
  }

  /** Every feedback thread of the page, for marking passages. */
  async loadInline(): Promise<void> {
    return (await this.actions()).loadInline(this);
  }

  async loadReplies(rootId: number): Promise<void> {
    return (await this.actions()).loadReplies(this, rootId);
  }

  /** Pulls in what arrived live; the first of them to focus. */
  async showArrived(): Promise<number> {
    return (await this.actions()).showArrived(this);
  }

  /** Loads whatever thread page and reply pages hold comment `id`; true once it is shown. */
  async reveal(id: number): Promise<boolean> {
    return (await this.actions()).reveal(this, id);
  }

  /** Shows the whole thread in `sort` order; true if that took a fresh load. */
  async sortBy(sort: Sort): Promise<boolean> {
    this.set({ isInlineOnly: false });
    if (sort === this.state.sort && this.state.status === 'ready') return false;
    this.set({ sort });
    await this.load();
    return true;
  }

  showInlineOnly(on: boolean): void {
    this.set({ isInlineOnly: on });
  }

  toggle(id: number): void {
    this.set(T.toggled(this.state, id));
  }

  /** Opens the one inline form; an edit once the store's second half, which knows the comment's Markdown, is here. */
  async open(active: T.ThreadState['active']): Promise<void> {
    if (active?.kind === 'edit') await this.actions();
    this.set({ active, formError: null });
  }

  /** Posts a comment or reply; the id to focus once it is on screen, null if it failed. */
  async post(d: PostDetail): Promise<number | null> {
    return (await this.actions()).post(this, d);
  }

  /** Saves the open edit; the id to focus, null if nothing was saved. */
  async save(body: string): Promise<number | null> {
    return (await this.actions()).save(this, body);
  }

  async remove(id: number): Promise<void> {
    return (await this.actions()).remove(this, id);
  }

  /** Optimistic: the arrow and the score change before the answer; an error puts both back. */
  async vote(id: number, value: 1 | -1 | 0): Promise<void> {
    return (await this.actions()).vote(this, id, value);
  }

  async flag(id: number, reason: FlagReason): Promise<void> {
    return (await this.actions()).flag(this, id, reason);
  }

  /** The Subscribe menu's intent (thread-actions.ts): refresh its list, subscribe, or end one. */
  async subscribe(change: SubscriptionChange): Promise<void> {
    return (await this.actions()).subscribe(this, change);
  }

  /** The server's rendering of `body`, for the form's Preview. */
  async preview(body: string): Promise<string> {
    return (await this.actions()).writes(this).preview(body);
  }

  /** The Markdown of an own comment, for editing it (thread-actions.ts, which `open` loads before an edit). */
  sourceOf(id: number): string {
    return this.#loaded?.sourceOf(this, id) ?? '';
  }
}
