import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ApiError, ParleyClient, type CommentView, type MeView, type Sort, type ThreadPage } from '../api-client.ts';
import { I18n, pickLocale } from '../i18n/index.ts';
import { shared } from '../styles/shared.ts';
import { theme } from '../styles/theme.ts';
import { appendPage, groupThreads, insertComment, removeComment, replaceReplies, updateComment, withPending } from '../thread-state.ts';
import { CommentActions } from './comment-actions.ts';
import { LiveUpdates } from './live-updates.ts';
import { MAX_PAGES, Permalink } from './permalink.ts';
import './parley-form.ts';
import './parley-header.ts';
import './parley-thread.ts';
import type { ParleyThread } from './parley-thread.ts';
import { FORM_PARTS, HEADER_PARTS, THREAD_PARTS } from './parts.ts';
import type { ThreadView } from './view.ts';

const PAGE_SIZE = 20;

/** `<parley-comments site page locale theme>`: the whole comment section of one page. */
@customElement('parley-comments')
export class ParleyComments extends LitElement {
  static override styles = [
    theme,
    shared,
    css`
      section {
        display: grid;
        gap: 1em;
        padding: var(--parley-padding, 1em 0);
      }
      .closed,
      .notice {
        margin: 0;
        padding: 0.6em 0.9em;
        border-radius: var(--parley-radius);
        background: var(--parley-surface);
      }
      .notice:empty {
        display: none;
      }
      .list {
        border-bottom: 1px solid var(--parley-border);
      }
      .live {
        position: fixed;
        bottom: 1em;
        inset-inline-start: 50%;
        transform: translateX(-50%);
        z-index: 3;
        box-shadow: 0 2px 10px rgb(0 0 0 / 0.25);
        border-radius: 2em;
      }
      :host([dir='rtl']) .live {
        transform: translateX(50%);
      }
      .more {
        display: flex;
        gap: 0.5em;
        justify-content: center;
      }
    `,
  ];

  @property() site = '';
  @property() page = '';
  @property() locale = '';
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'auto';
  /** Where the API lives; by default the origin the widget bundle came from. */
  @property() api = new URL(/* @vite-ignore */ '/', import.meta.url).href;
  /** The host site's signed user (`data-sso` on the embed script): see `POST /readers/sso`. */
  @property() sso = '';

  @state() info: ThreadPage['page'] | null = null;
  @state() settings: ThreadPage['settings'] | null = null;
  @state() comments: CommentView[] = [];
  @state() nextCursor: string | null = null;
  @state() sort: Sort = 'oldest';
  @state() me: MeView | null = null;
  @state() loadState: 'loading' | 'ready' | 'failed' = 'loading';
  @state() active: ThreadView['active'] = null;
  @state() busy = false;
  @state() formError: string | null = null;
  /** Which form the error is about: the main one, or the open reply / edit form. */
  @state() formErrorFor: 'new' | 'active' = 'new';
  @state() resetKey = 0;
  @state() highlightId: number | null = null;
  @state() collapsed = new Set<number>();
  @state() loadingReplies: number | null = null;
  @state() notice = '';
  @state() subscribeStatus: string | null = null;
  @state() isInlineOnly = false;
  /** `isSignedIn`: the host site signed this reader in (`sso`); the form shows who, not inputs. */
  @state() author: { name: string; email: string; isSignedIn?: boolean } = { name: '', email: '' };

  client!: ParleyClient;
  @state() i18n: I18n | null = null;
  readonly replyCursors = new Map<number, { cursor: string | null; loaded: CommentView[] }>();
  private readonly actions = new CommentActions(this);
  readonly live = new LiveUpdates(this);
  private hasPainted = false;
  private readonly permalink = new Permalink(this);

  override connectedCallback() {
    super.connectedCallback();
    this.client = new ParleyClient(this.api, this.site);
    this.actions.listen();
    void this.load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
  }

  get isOpen(): boolean {
    return !!this.info && !this.info.isLocked && !this.info.isClosed;
  }

  get pageKey(): string {
    return this.page || location.pathname;
  }

  /** An error in the reader's words: translated by code, the server's message as the fallback. */
  describe(error: unknown): string {
    const t = this.words;
    return error instanceof ApiError ? t.error(error.code, error.message) : t.error('unknown', String(error));
  }

  /** The reader's language once known; English until then (only errors can need it that early). */
  get words(): I18n {
    return this.i18n ?? new I18n('en');
  }

  async load(): Promise<void> {
    this.loadState = 'loading';
    const words = this.i18n ? Promise.resolve(this.i18n) : I18n.load(pickLocale(this.locale, this)).catch(() => new I18n('en'));
    try {
      // The sign-in goes first for `/me` alone; the thread does not wait. A refused one leaves a guest.
      let ssoError: unknown = null;
      const signedIn = this.sso ? this.client.signIn(this.sso).catch((e: unknown) => void (ssoError = e)) : null;
      const [i18n, thread, me] = await Promise.all([
        words,
        this.client.thread(this.pageKey, this.sort, null, PAGE_SIZE),
        Promise.resolve(signedIn).then(() => this.client.me(this.pageKey)).catch(() => null),
      ]);
      this.i18n = i18n;
      this.lang = i18n.locale;
      this.dir = i18n.dir;
      this.replyCursors.clear();
      this.info = thread?.page ?? { key: this.pageKey, url: null, title: null, commentCount: 0, isLocked: false, isClosed: false };
      this.settings = thread?.settings ?? null;
      this.comments = thread?.comments ?? [];
      this.nextCursor = thread?.nextCursor ?? null;
      this.me = me;
      const name = await signedIn;
      if (name) this.author = { name, email: me?.reader?.email ?? '', isSignedIn: true };
      else if (me?.reader) this.author = { name: this.author.name || (me.reader.name ?? ''), email: this.author.email || (me.reader.email ?? '') };
      if (ssoError) this.notice = this.describe(ssoError);
      this.loadState = 'ready';
      // A fresh page holds everything that had arrived live until now.
      this.live.reset();
      this.live.start();
      await this.permalink.open();
    } catch (e) {
      this.i18n ??= await words;
      this.notice = this.describe(e);
      this.loadState = 'failed';
    }
  }

  async loadMore(limit = PAGE_SIZE): Promise<void> {
    if (!this.nextCursor) return;
    const thread = await this.client.thread(this.pageKey, this.sort, this.nextCursor, limit);
    if (!thread) return;
    this.info = thread.page;
    this.comments = appendPage(this.comments, thread.comments);
    this.nextCursor = thread.nextCursor;
  }

  async loadAll(): Promise<void> {
    for (let i = 0; this.nextCursor && i < MAX_PAGES; i++) await this.loadMore(100);
  }

  async loadReplies(rootId: number): Promise<void> {
    const known = this.replyCursors.get(rootId) ?? { cursor: null, loaded: [] };
    this.loadingReplies = rootId;
    try {
      const page = await this.client.replies(rootId, known.cursor);
      const loaded = [...known.loaded, ...page.comments];
      this.replyCursors.set(rootId, { cursor: page.nextCursor, loaded });
      this.comments = replaceReplies(this.comments, rootId, loaded);
    } finally {
      this.loadingReplies = null;
    }
  }

  async focusComment(id: number, block: ScrollLogicalPosition = 'nearest'): Promise<void> {
    await this.updateComplete;
    const threads = this.renderRoot.querySelectorAll<ParleyThread>('parley-thread');
    for (const t of threads) {
      await t.updateComplete;
      if (t.focusComment(id, block)) return;
    }
  }

  /** The loaded thread plus the reader's own held comments, which only they see. */
  get visible(): CommentView[] {
    return withPending(this.comments, this.me?.pending ?? [], this.sort);
  }

  override updated(changed: PropertyValues<this>) {
    super.updated(changed);
    // For the benchmark and for site owners' RUM: when the first comment reached the screen.
    if (!this.hasPainted && this.comments.length > 0) {
      this.hasPainted = true;
      requestAnimationFrame(() => performance.mark?.('parley:first-comment'));
    }
  }

  private renderThreads(view: ThreadView) {
    let groups = groupThreads(this.visible);
    if (this.isInlineOnly) groups = groups.filter((g) => g.root.anchor);
    return html`<div class="list" part="list">
      ${repeat(groups, (g) => g.root.id, (g) => html`<parley-thread exportparts=${THREAD_PARTS} .root=${g.root} .replies=${g.replies} .view=${view}
        ?isLoadingReplies=${this.loadingReplies === g.root.id}></parley-thread>`)}
    </div>`;
  }

  override render() {
    const t = this.i18n;
    // Nothing to say until the reader's language is known: no flash of English.
    if (!t) return nothing;
    const view: ThreadView = {
      i18n: t,
      me: this.me,
      isOpen: this.isOpen,
      active: this.active,
      busy: this.busy,
      formError: this.formErrorFor === 'active' ? this.formError : null,
      highlightId: this.highlightId,
      collapsed: this.collapsed,
      now: Date.now(),
      author: this.author,
      preview: (body) => this.client.preview(body),
      sourceOf: (id) => this.actions.sourceOf(id),
    };
    const hasInline = this.comments.some((c) => c.anchor);
    return html`<section part="root" aria-label=${t.t('comments')}>
      <parley-header exportparts=${HEADER_PARTS} .i18n=${t} .count=${this.info?.commentCount ?? 0} .sort=${this.sort} ?hasInline=${hasInline}
        ?isInlineOnly=${this.isInlineOnly} .email=${this.author.email} .subscribeStatus=${this.subscribeStatus} ?busy=${this.busy}></parley-header>
      ${this.loadState !== 'ready' || this.isOpen
        ? html`<parley-form exportparts=${FORM_PARTS} .i18n=${t} mode="new" .author=${this.author} ?busy=${this.busy || this.loadState !== 'ready'}
            .error=${this.formErrorFor === 'new' ? this.formError : null} .resetKey=${this.resetKey} .preview=${view.preview}
            .maxLength=${this.settings?.maxBodyLength ?? 5000}></parley-form>`
        : html`<p class="closed" part="closed">${t.t('closed')}</p>`}
      <p class="notice" part="notice" role="status" aria-live="polite">${this.notice}</p>
      ${this.loadState === 'loading' ? html`<p class="muted">${t.t('loading')}</p>` : nothing}
      ${this.loadState === 'failed' ? html`<button class="outline" @click=${() => this.load()}>${t.t('retry')}</button>` : nothing}
      ${this.loadState === 'ready' && this.visible.length === 0 && this.isOpen ? html`<p class="muted">${t.t('empty')}</p>` : nothing}
      ${this.live.count > 0
        ? html`<button class="primary live" part="new-comments" @click=${() => this.actions.run(() => this.showArrived())}>
            ${t.plural('newComments', this.live.count)}</button>`
        : nothing}
      ${this.renderThreads(view)}
      ${this.nextCursor && !this.isInlineOnly
        ? html`<div class="more">
            <button class="outline" part="load-more" @click=${() => this.actions.run(() => this.loadMore())}>${t.t('loadMore')}</button>
            <button class="outline" part="view-all" @click=${() => this.actions.run(() => this.loadAll())}>${t.t('viewAll')}</button>
          </div>`
        : nothing}
    </section>`;
  }

  /** Pulls in what arrived live, and keeps the reader where they were reading. */
  private async showArrived(): Promise<void> {
    const count = this.live.count;
    await this.load();
    this.notice = this.words.plural('newComments', count);
  }

  /** Used by the actions: keeps list, counters and the reader's own state in step. */
  place(comment: CommentView, isNew: boolean): void {
    if (comment.status === 'pending') {
      this.comments = isNew ? this.comments : removeComment(this.comments, comment.id);
      const pending = (this.me?.pending ?? []).filter((c) => c.id !== comment.id);
      this.me = { ...this.meOrEmpty(), pending: [...pending, comment] };
      if (!isNew && this.info) this.info = { ...this.info, commentCount: Math.max(0, this.info.commentCount - 1) };
    } else if (isNew) {
      this.comments = insertComment(this.comments, comment, this.sort);
      if (this.info) this.info = { ...this.info, commentCount: this.info.commentCount + 1 };
    } else {
      this.comments = updateComment(this.comments, comment);
    }
  }

  meOrEmpty(): MeView {
    return this.me ?? { reader: null, votes: {}, flagged: [], pending: [], editable: {}, sources: {} };
  }
}
