import { html, nothing } from 'lit/html.js';
import { repeat } from '../components/repeat.ts';
import type { Anchor, CommentView } from '../../server/contract/comment.ts';
import type { PostDetail } from '../events.ts';
import { emit } from '../events.ts';
import '../i18n/en-more.ts';
import { css } from '../styles/css.ts';
import { shared } from '../styles/shared.ts';
import { ParleyElement, type Changed } from '../components/element.ts';
import '../components/parley-form.ts';
import '../components/parley-thread.ts';
import type { ParleyForm } from '../components/parley-form.ts';
import { FORM_PARTS, THREAD_PARTS } from '../components/parts.ts';
import type { ThreadView } from '../components/view.ts';
import type { FormError } from '../thread-state.ts';
import { clearPassages, markPassages } from './highlights.ts';
import { feedbackCount, groupPassages, visibleFeedback, type Passage } from './passages.ts';
import { describeRange } from './text-quote.ts';

type Spot = { top: number; left: number };

/**
 * Its `::part` names, which the element exports itself (components/parts.ts lists the others): the
 * passage markers, the "Comment on this" button, the panel and the passage list. Here, the words
 * stay out of the first download.
 */
const INLINE_PARTS = `passage-marker, comment-on-this, passage-panel, passage-close, passages, passage, inline-empty, ${THREAD_PARTS}`;
// Positions are set through the CSSOM after render, never as a style attribute: a host page's
// strict CSP (style-src without 'unsafe-inline') blocks those. Lit's styleMap writes the attribute
// on its first render, so it cannot be used here either.
const moveTo = (el: HTMLElement, spot: Spot) => {
  el.style.top = `${spot.top}px`;
  el.style.left = `${spot.left}px`;
};

/**
 * Inline feedback, loaded only when a page has some or the reader starts some: marks the passages
 * in the article, a margin button with the count beside each, the "Comment on this" button by a
 * fresh selection, the panel of one passage's feedback, and the Inline Feedbacks list.
 */
export class ParleyInline extends ParleyElement {
  static override properties = { article: { attribute: false }, inline: { attribute: false }, pending: { attribute: false }, view: { attribute: false }, isListShown: { type: Boolean }, resetKey: { type: Number }, formError: { attribute: false }, passages: { state: true }, opened: { state: true }, selected: { state: true }, spots: { state: true } };

  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .layer {
        position: absolute;
        top: 0;
        left: 0;
        width: 0;
        height: 0;
      }
      .marker,
      .quote-button {
        position: absolute;
        z-index: 2;
        white-space: nowrap;
        box-shadow: 0 1px 4px rgb(0 0 0 / 0.25);
      }
      .marker {
        min-width: 2em;
        border-radius: 1em 1em 1em 0.2em;
        font-weight: 600;
      }
      .panel {
        position: fixed;
        z-index: 4;
        inset-block: 5vh;
        inset-inline-end: max(1em, env(safe-area-inset-right));
        width: min(30em, calc(100vw - 2em));
        overflow: auto;
        padding: 1em;
        display: grid;
        align-content: start;
        gap: 0.75em;
        color: var(--parley-text);
        background: var(--parley-bg);
        border: 1px solid var(--parley-border);
        border-radius: var(--parley-radius);
        box-shadow: 0 4px 24px rgb(0 0 0 / 0.3);
      }
      .panel-head {
        display: flex;
        justify-content: space-between;
        align-items: center;
      }
      h3 {
        margin: 0;
        font-size: 1.05em;
      }
      blockquote {
        margin: 0;
        padding: 0.3em 0.8em;
        border-inline-start: 3px solid var(--parley-accent);
        color: var(--parley-text);
        background: var(--parley-surface);
        white-space: pre-line;
      }
      .passages {
        display: grid;
        gap: 1.25em;
      }
      .passage {
        display: grid;
        gap: 0.5em;
      }
      .changed {
        font-size: 0.875em;
        color: var(--parley-muted);
        font-style: italic;
      }
    `,
  ];

  /** The article the passages are in (`data-article`, default `article`). */
  article: Element | null = null;
  /** Every feedback thread of the page (anchored roots, each followed by its replies); null until loaded. */
  inline: readonly CommentView[] | null = null;
  /** The reader's own held comments: their held feedback and replies to it show here, to them only. */
  pending: readonly CommentView[] = [];
  /** Both of them: the same array until either changes, so the passages are not anchored again. */
  private feedback: CommentView[] = [];
  view!: ThreadView;
  /** The Inline Feedbacks tab is chosen: list the passages with their feedback. */
  isListShown = false;
  resetKey = 0;
  formError: FormError | null = null;

  private passages: Passage[] = [];
  /** The passage whose panel is open: one with feedback, or a fresh selection to comment on. */
  private opened: Passage | null = null;
  /** A selection in the article that could be commented on, and where its button goes. */
  private selected: { quote: Anchor; range: Range; spot: Spot } | null = null;
  private spots = new Map<string, Spot>();
  private get layer(): HTMLElement | null {
    return this.renderRoot?.querySelector<HTMLElement>('.layer') ?? null;
  }
  private get panel(): HTMLElement | null {
    return this.renderRoot?.querySelector<HTMLElement>('.panel') ?? null;
  }
  #connection: AbortController | null = null;
  #resize: ResizeObserver | null = null;
  #returnFocusTo: string | null = null;

  override connectedCallback() {
    super.connectedCallback();
    this.setAttribute('exportparts', INLINE_PARTS);
    const signal = (this.#connection = new AbortController()).signal;
    document.addEventListener('selectionchange', () => this.#onSelection(), { signal });
    // The button stays while the reader tabs to it (which may collapse the selection); a click or
    // tap anywhere else puts it away.
    document.addEventListener('pointerdown', (e) => !e.composedPath().some((t) => (t as Element).classList?.contains('quote-button')) && (this.selected = null), { signal });
    document.addEventListener('keydown', (e) => e.key === 'Escape' && this.opened && this.close(), { signal });
    window.addEventListener('resize', () => this.#place(), { signal });
    this.#resize = new ResizeObserver(() => this.#place());
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#connection?.abort();
    this.#resize?.disconnect();
    clearPassages(document);
  }

  override firstUpdated() {
    // The selection that made the widget load this part came before its listener: pick it up.
    this.#onSelection();
  }

  override willUpdate(changed: Changed) {
    const isNewFeedback = changed.has('inline') || changed.has('pending');
    if (isNewFeedback) this.feedback = visibleFeedback(this.inline, this.pending);
    if (isNewFeedback || changed.has('article')) {
      this.passages = groupPassages(this.article, this.feedback);
      // The open panel follows its passage as feedback arrives (a new post, a reply).
      if (this.opened) this.opened = this.passages.find((p) => p.key === this.opened!.key) ?? { ...this.opened, threads: [] };
    }
    if (changed.has('article')) {
      this.#resize?.disconnect();
      if (this.article) this.#resize?.observe(this.article);
    }
  }

  override updated(changed: Changed) {
    // Private state is not in `keyof this`: read the map by name.
    const has = (name: string) => (changed as Map<string, unknown>).has(name);
    if (has('passages') || has('opened')) {
      const ranges = this.passages.filter((p) => p.range && feedbackCount(p) > 0).map((p) => p.range!);
      markPassages(document, ranges, this.opened?.range ?? null);
    }
    if (has('passages')) this.#place();
    for (const el of this.renderRoot.querySelectorAll<HTMLElement>('.marker[data-key]')) {
      const spot = this.spots.get(el.dataset.key!);
      if (spot) moveTo(el, spot);
    }
    const button = this.renderRoot.querySelector<HTMLElement>('.quote-button');
    if (button && this.selected) moveTo(button, this.selected.spot);
  }

  /** Puts each marker beside the first line of its passage, in the article's inline-end margin. */
  #place(): void {
    const layer = this.layer;
    if (!layer || !this.article) return;
    const origin = layer.getBoundingClientRect();
    const box = this.article.getBoundingClientRect();
    const isRtl = getComputedStyle(this.article).direction === 'rtl';
    const spots = new Map<string, Spot>();
    for (const p of this.passages) {
      const line = p.range?.getClientRects()[0];
      if (!line) continue;
      const x = isRtl ? Math.max(0, box.left - 44) : Math.min(box.right + 8, document.documentElement.clientWidth - 44);
      spots.set(p.key, { top: line.top - origin.top, left: x - origin.left });
    }
    this.spots = spots;
  }

  #onSelection(): void {
    const selection = document.getSelection();
    const range = selection && selection.rangeCount > 0 && !selection.isCollapsed ? selection.getRangeAt(0) : null;
    const quote = range && this.article ? describeRange(this.article, range) : null;
    if (!range) return;
    if (!quote) {
      this.selected = null;
      return;
    }
    const rects = range.getClientRects();
    const last = rects[rects.length - 1];
    const origin = this.layer?.getBoundingClientRect();
    if (!last || !origin) return;
    this.selected = { quote, range: range.cloneRange(), spot: { top: last.bottom - origin.top + 4, left: last.right - origin.left } };
  }

  /** Opens the panel of `passage`; `toWrite` puts the cursor in its form at once. */
  async openPassage(passage: Passage, toWrite = false): Promise<void> {
    this.#returnFocusTo = passage.key;
    this.opened = passage;
    await this.updateComplete;
    if (toWrite || feedbackCount(passage) === 0) this.renderRoot.querySelector<ParleyForm>('.panel parley-form')?.focus();
    else this.panel?.focus();
  }

  close(): void {
    const key = this.#returnFocusTo;
    this.opened = null;
    void this.updateComplete.then(() => {
      const marker = key ? this.renderRoot.querySelector<HTMLElement>(`.marker[data-key="${CSS.escape(key)}"]`) : null;
      marker?.focus();
    });
  }

  #commentOnSelection(): void {
    const s = this.selected;
    if (!s) return;
    const existing = this.passages.find((p) => p.range && p.start === s.quote.start && p.quote.exact === s.quote.exact);
    this.selected = null;
    void this.openPassage(existing ?? { key: `${s.quote.start}:${s.quote.end}`, quote: s.quote, range: s.range, start: s.quote.start, threads: [], isPreset: false }, true);
  }

  /** A post from the panel's own form is feedback on the open passage: it carries the anchor. */
  #onPanelPost(e: CustomEvent<PostDetail>): void {
    if (e.detail.parentId || !this.opened) return;
    e.stopPropagation();
    const { exact, prefix, suffix, start, end } = this.opened.quote;
    emit(this, 'parley-post', { ...e.detail, anchor: { exact, prefix, suffix, start, end } });
  }

  #renderThreads(p: Passage) {
    return repeat(p.threads, (g) => g.root.id, (g) => html`<parley-thread exportparts=${THREAD_PARTS} .root=${g.root} .replies=${g.replies} .view=${this.view}></parley-thread>`);
  }

  #renderPanel(p: Passage) {
    const t = this.view.i18n;
    return html`<div class="panel" part="passage-panel" role="dialog" aria-labelledby="panel-title" tabindex="-1"
      @parley-post=${(e: CustomEvent<PostDetail>) => this.#onPanelPost(e)}>
      <div class="panel-head">
        <h3 id="panel-title">${t.t('feedbackOnPassage')}</h3>
        <button class="outline" part="passage-close" @click=${() => this.close()}>${t.t('closePanel')}</button>
      </div>
      <blockquote aria-label=${t.t('quotedPassage')}>${p.quote.exact}</blockquote>
      ${p.range ? nothing : html`<p class="changed">${t.t('passageChanged')}</p>`}
      ${this.#renderThreads(p)}
      ${this.view.isOpen && p.range
        ? html`<parley-form exportparts=${FORM_PARTS} .i18n=${t} mode="new" .author=${this.view.author} ?busy=${this.view.busy}
            .error=${this.formError} .resetKey=${this.resetKey} .preview=${this.view.preview} .settings=${this.view.settings}></parley-form>`
        : nothing}
    </div>`;
  }

  #renderList() {
    const t = this.view.i18n;
    const withFeedback = this.passages.filter((p) => feedbackCount(p) > 0);
    if (withFeedback.length === 0) return html`<p class="muted" part="inline-empty">${t.t('inlineInvite')}</p>`;
    return html`<div class="passages" part="passages">
      ${repeat(withFeedback, (p) => p.key, (p) => html`<section class="passage" part="passage" aria-label=${p.quote.exact.slice(0, 80)}>
        <blockquote>${p.quote.exact}</blockquote>
        ${p.range ? nothing : html`<p class="changed">${t.t('passageChanged')}</p>`}
        ${this.#renderThreads(p)}
      </section>`)}
    </div>`;
  }

  override render() {
    if (!this.view) return nothing;
    const t = this.view.i18n;
    const s = this.selected;
    return html`<div class="layer" data-parley-ui>
        ${s && this.view.isOpen
          ? html`<button class="primary quote-button" part="comment-on-this"
              @pointerdown=${(e: Event) => e.preventDefault()} @click=${() => this.#commentOnSelection()}>${t.t('commentOnThis')}</button>`
          : nothing}
        ${this.passages.map((p) => {
          const spot = this.spots.get(p.key);
          const n = feedbackCount(p);
          if (!spot || (n === 0 && !(p.isPreset && this.view.isOpen))) return nothing;
          return html`<button class="outline marker" part="passage-marker" data-key=${p.key}
            aria-label=${n > 0 ? t.plural('passageFeedback', n) : t.t('commentOnThis')} aria-expanded=${this.opened?.key === p.key}
            @click=${() => (this.opened?.key === p.key ? this.close() : this.openPassage(p))}>${n > 0 ? t.number(n) : '+'}</button>`;
        })}
      </div>
      ${this.opened ? this.#renderPanel(this.opened) : nothing}
      ${this.isListShown ? this.#renderList() : nothing}`;
  }
}

customElements.define('parley-inline', ParleyInline);
