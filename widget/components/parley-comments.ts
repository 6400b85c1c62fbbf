import { html, nothing } from 'lit/html.js';
import { repeat } from './repeat.ts';
import { listen } from '../events.ts';
import { pickLocale } from '../i18n/index.ts';
import { shared } from '../styles/shared.ts';
import { css } from '../styles/css.ts';
import { theme } from '../styles/theme.ts';
import { commentCount, groupThreads, isOpen, visible } from '../thread-state.ts';
import { ThreadStore } from '../thread-store.ts';
import { ParleyElement } from './element.ts';
import { openPermalink } from './permalink.ts';
import type { ParleyForm } from './parley-form.ts';
import './parley-header.ts';
import './parley-thread.ts';
import type { ParleyThread } from './parley-thread.ts';
import { FORM_PARTS, HEADER_PARTS, THREAD_PARTS } from './parts.ts';
import type { ThreadView } from './view.ts';

/** Threads in a page's first render (`listLimit`). */
const FIRST_THREADS = 5;

/** `<parley-comments site page locale theme>`: the whole comment section of one page. */
export class ParleyComments extends ParleyElement {
  static override properties = { site: {}, page: {}, locale: {}, theme: { reflect: true }, api: {}, sso: {}, article: {} };

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
      .compose {
        min-height: 6em;
        resize: vertical;
        display: block;
      }
      .compose + p {
        margin: 0.5em 0 0;
      }
      .more {
        display: flex;
        gap: 0.5em;
        justify-content: center;
      }
    `,
  ];

  site = '';
  page = '';
  locale = '';
  theme: 'light' | 'dark' | 'auto' = 'auto';
  /** Where the API lives; by default the origin the widget bundle came from. */
  api = new URL(/* @vite-ignore */ '/', import.meta.url).href;
  /** The host site's signed user (`data-sso` on the embed script): see `POST /readers/sso`. */
  sso = '';
  /** The article readers can comment on passages of (`data-article` on the embed script). */
  article = 'article';

  /** The thread's one owner; this element renders it and turns its children's events into intents. */
  readonly store = new ThreadStore(this, () => ({ api: this.api, site: this.site, page: this.page, sso: this.sso, locale: () => pickLocale(this.locale, this) }));
  private connection: AbortController | null = null;
  private hasPainted = false;
  /**
   * Threads drawn by the first render of a page: about a screenful, so the first comments reach the
   * screen without waiting for the other fifteen threads; the rest are drawn right after that paint.
   */
  private listLimit = FIRST_THREADS;
  private isRestAsked = false;
  /** Inline feedback's code: fetched only once the page has feedback or the reader starts some. */
  private inlinePart: 'absent' | 'loading' | 'ready' = 'absent';

  override connectedCallback() {
    super.connectedCallback();
    // Everything listened to while connected stops with this one signal on disconnect.
    this.connection = new AbortController();
    this.listenForIntents(this.connection.signal);
    // A selection in the article is the first sign a reader may comment on a passage.
    document.addEventListener('selectionchange', () => this.isSelectingInArticle() && this.showInline(), { signal: this.connection.signal });
    void this.load();
  }

  get articleElement(): Element | null {
    return document.querySelector(this.article || 'article');
  }

  private isSelectingInArticle(): boolean {
    const selection = document.getSelection();
    return this.inlinePart === 'absent' && !!selection && !selection.isCollapsed && !!this.articleElement?.contains(selection.anchorNode);
  }

  /** Loads the inline part (its own chunk) and every feedback thread of the page, once. */
  private async showInline(): Promise<void> {
    if (this.inlinePart !== 'absent') return;
    this.inlinePart = 'loading';
    const feedback = this.store.state.inline ? null : this.store.run(() => this.store.loadInline());
    try {
      await import('../inline/parley-inline.ts');
      this.inlinePart = 'ready';
    } catch {
      this.inlinePart = 'absent';
    }
    await feedback;
    this.requestUpdate();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.connection?.abort();
    this.connection = null;
  }

  /** Each event from below becomes one intent on the store; failures land in the notice line. */
  private listenForIntents(signal: AbortSignal) {
    const s = this.store;
    const focusAfter = async (id: number | null) => {
      if (id !== null) await this.focusComment(id);
    };
    // Feedback is posted from its passage's panel: the reader stays there, not in the list below.
    listen(this, 'parley-post', async (d) => {
      const id = await s.post(d);
      if (!d.anchor) await focusAfter(id);
    }, signal);
    listen(this, 'parley-save', async (d) => focusAfter(await s.save(d.body)), signal);
    // Closing an inline form puts focus back on its comment, not at the top of the page.
    listen(this, 'parley-cancel', () => {
      const id = s.state.active?.id ?? null;
      s.open(null);
      return focusAfter(id);
    }, signal);
    listen(this, 'parley-open', (d) => {
      void this.loadForm();
      s.open(d);
    }, signal);
    listen(this, 'parley-delete', (d) => s.run(() => s.remove(d.id)), signal);
    listen(this, 'parley-vote', (d) => s.vote(d.id, d.value), signal);
    listen(this, 'parley-flag', (d) => s.run(() => s.flag(d.id, d.reason)), signal);
    listen(this, 'parley-sort', async (d) => (await s.sortBy(d.sort)) && this.openPermalink(), signal);
    listen(this, 'parley-inline', (d) => {
      s.showInlineOnly(d.on);
      if (d.on) void this.showInline();
    }, signal);
    listen(this, 'parley-toggle', (d) => s.toggle(d.id), signal);
    listen(this, 'parley-more-replies', (d) => s.run(() => s.loadReplies(d.id)), signal);
    listen(this, 'parley-subscribe', (d) => s.subscribe(d), signal);
    addEventListener('hashchange', () => void this.openPermalink(), { signal });
  }

  /**
   * The comment form (toolbar, preview, name and e-mail) is its own chunk, fetched on first need:
   * a Reply or Edit, or the reader entering the compose box that stands in for it until then.
   */
  private loadForm(): Promise<void> {
    return import('./parley-form.ts').then(() => this.requestUpdate());
  }

  /** The compose box's first focus: the form takes over its text, caret and focus once loaded. */
  private async startWriting(e: FocusEvent): Promise<void> {
    const draft = e.currentTarget as HTMLTextAreaElement;
    const touchedAt = Date.now();
    await import('./parley-form.ts');
    const hasFocus = (this.renderRoot as ShadowRoot).activeElement === draft;
    this.requestUpdate();
    await (draft.parentElement as ParleyForm | null)?.resume(draft, hasFocus, touchedAt);
  }

  private openPermalink(): Promise<void> {
    return openPermalink(this.store, (id, block) => this.focusComment(id, block));
  }

  /** A fresh first page, then the permalink in the address (it may need more pages). */
  private async load(): Promise<void> {
    await this.store.load();
    if (this.store.state.hasInline) void this.showInline();
    await this.openPermalink();
  }

  private showWholeList(): void {
    if (this.listLimit === Infinity) return;
    this.listLimit = Infinity;
    this.requestUpdate();
  }

  async focusComment(id: number, block: ScrollLogicalPosition = 'nearest'): Promise<void> {
    this.showWholeList();
    await this.updateComplete;
    const threads = this.renderRoot.querySelectorAll<ParleyThread>('parley-thread');
    for (const t of threads) {
      await t.updateComplete;
      if (t.focusComment(id, block)) return;
    }
  }

  override willUpdate() {
    const i18n = this.store.i18n;
    if (i18n) {
      this.lang = i18n.locale;
      this.dir = i18n.dir;
    }
  }

  override updated() {
    // Once the first screenful is painted (the animation frame), the rest of the list follows: asked
    // for once, by the first render past loading.
    if (!this.isRestAsked && this.store.state.status !== 'loading') {
      this.isRestAsked = true;
      requestAnimationFrame(() => setTimeout(() => this.showWholeList()));
    }
    // For the benchmark and for site owners' RUM: when the first comment reached the screen.
    if (!this.hasPainted && this.store.state.comments.length > 0) {
      this.hasPainted = true;
      requestAnimationFrame(() => performance.mark?.('parley:first-comment'));
    }
  }

  private renderThreads(view: ThreadView) {
    const s = this.store.state;
    // Inline Feedbacks lists feedback by passage: the inline part draws that.
    if (s.isInlineOnly) return nothing;
    const groups = groupThreads(visible(s)).slice(0, this.listLimit);
    return html`<div class="list" part="list">
      ${repeat(groups, (g) => g.root.id, (g) => html`<parley-thread exportparts=${THREAD_PARTS} .root=${g.root} .replies=${g.replies} .view=${view}
        ?isLoadingReplies=${s.loadingReplies === g.root.id}></parley-thread>`)}
    </div>`;
  }

  override render() {
    const t = this.store.i18n;
    // Nothing to say until the reader's language is known: no flash of English.
    if (!t) return nothing;
    const store = this.store;
    const s = store.state;
    const canPost = isOpen(s);
    const view: ThreadView = {
      i18n: t,
      me: s.me,
      isOpen: canPost,
      active: s.active,
      busy: s.busy,
      formError: s.formErrorFor === 'active' ? s.formError : null,
      settings: s.settings,
      highlightId: s.highlightId,
      collapsed: s.collapsed,
      now: Date.now(),
      author: s.author,
      preview: (body) => store.preview(body),
      sourceOf: (id) => store.sourceOf(id),
    };
    const arrived = s.arrived.size;
    const newFormError = s.formErrorFor === 'new' ? s.formError : null;
    return html`<section part="root" aria-label=${t.t('comments')}>
      <parley-header exportparts=${HEADER_PARTS} .i18n=${t} .count=${commentCount(s)} .sort=${s.sort}
        ?isInlineOnly=${s.isInlineOnly} .author=${s.author} .subscribeStatus=${s.subscribeStatus}
        .subscriptions=${s.subscriptions} ?busy=${s.busy}></parley-header>
      ${s.status !== 'ready' || canPost
        ? html`<parley-form exportparts=${FORM_PARTS} .i18n=${t} mode="new" .author=${s.author} ?busy=${s.busy || s.status !== 'ready'}
            .error=${s.formErrorFor === 'new' ? s.formError : null} .resetKey=${s.resetKey} .preview=${view.preview}
            .settings=${s.settings}>${customElements.get('parley-form')
              ? nothing
              : html`<textarea class="compose" part="textarea" aria-label=${t.t('yourComment')} placeholder=${t.t('placeholder')}
                    @focus=${this.startWriting}></textarea>
                  ${s.author.isSignedIn ? html`<p class="muted" part="signed-in">${t.t('signedInAs', { name: s.author.name })}</p>` : nothing}`}</parley-form>`
        : html`<p class="closed" part="closed">${t.t('closed')}</p>`}
      <p class="notice" part="notice" role="status" aria-live="polite">${s.notice}</p>
      ${s.status === 'loading' ? html`<p class="muted">${t.t('loading')}</p>` : nothing}
      ${s.status === 'failed' ? html`<button class="outline" @click=${() => this.load()}>${t.t('retry')}</button>` : nothing}
      ${s.status === 'ready' && visible(s).length === 0 && canPost && !s.isInlineOnly ? html`<p class="muted">${t.t('empty')}</p>` : nothing}
      ${arrived > 0
        ? html`<button class="primary live" part="new-comments" @click=${() => store.run(async () => this.focusComment(await store.showArrived()))}>
            ${t.plural('newComments', arrived)}</button>`
        : nothing}
      ${this.inlinePart === 'ready'
        ? html`<parley-inline .article=${this.articleElement} .inline=${s.inline} .pending=${s.me.pending} .view=${view}
            ?isListShown=${s.isInlineOnly} .resetKey=${s.resetKey} .formError=${newFormError}></parley-inline>`
        : nothing}
      ${this.renderThreads(view)}
      ${s.nextCursor && !s.isInlineOnly
        ? html`<div class="more">
            <button class="outline" part="load-more" @click=${() => store.run(() => store.loadMore())}>${t.t('loadMore')}</button>
            <button class="outline" part="view-all" @click=${() => store.run(() => store.loadAll())}>${t.t('loadRest')}</button>
          </div>`
        : nothing}
    </section>`;
  }
}

customElements.define('parley-comments', ParleyComments);
