import { css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { AdminComment, ModerationAction, QueueItem, QueueName } from './api.ts';
import { emit, isTypingTarget, on, type AdminEvents } from './events.ts';
import { errorMessage } from './format.ts';
import type { ParleyAdminBanDialog } from './parley-admin-ban-dialog.ts';
import { MAX_PAGE, PAGE_SIZE, mergeRefresh, nextActiveId, staysIn } from './queue-list.ts';
import { AdminScreen } from './screen-controller.ts';
import { adminBase } from './styles.ts';
import './parley-admin-ban-dialog.ts';
import './parley-admin-item.ts';
import './parley-admin-queue-toolbar.ts';

/**
 * One queue as a grid: rows use a roving tabindex, `j`/`k` (or the arrow keys) move, `x` selects,
 * `a` `r` `s` act on the selection (or the current row), `b` bans (`u`, undo, is the shell's). New
 * items arrive live without moving the current row. The current row keeps the focus: when the
 * focused row leaves the list (an action, a ban, a live change) focus goes to the row now at its
 * place, and what an undo brings back becomes current again.
 */
@customElement('parley-admin-queue')
export class ParleyAdminQueue extends AdminScreen {
  static override styles = [
    adminBase,
    css`
      :host {
        display: block;
      }
      h2:focus {
        outline: none;
      }
      h2:focus-visible {
        outline: 3px solid var(--_focus);
      }
      [role='grid'] {
        border: 1px solid var(--_border);
        border-top: 0;
      }
      .empty {
        padding: 2rem 1rem;
        text-align: center;
      }
      .more {
        margin: 1rem 0;
        text-align: center;
      }
    `,
  ];

  @property() queue: QueueName = 'pending';

  @state() private items: QueueItem[] = [];
  @state() private nextCursor: string | null = null;
  @state() private selected = new Set<number>();
  @state() private activeId: number | null = null;
  @state() private isLoading = true;
  @state() private error = '';
  @state() private text = '';
  /** The ban dialog's author: how many comments they have waiting, once known. */
  @state() private banPending: { count: number; isMore: boolean } | null = null;

  @query('parley-admin-ban-dialog') private banDialog!: ParleyAdminBanDialog;
  #loadSeq = 0;
  #banSeq = 0;
  /** Comments an undo brought back: the first load that shows one of them makes it current. */
  #restoredIds: Set<number> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.#onKeyDown);
    on(this, 'parley-admin-item-action', ({ id, action }) => {
      this.activeId = id;
      void this.#act(action, [id]);
    });
    on(this, 'parley-admin-item-select', ({ id, isSelected }) => this.#toggle(id, isSelected));
    on(this, 'parley-admin-item-ban', ({ id }) => {
      this.activeId = id;
      this.#ban(id);
    });
    on(this, 'parley-admin-item-focus', ({ id }) => (this.activeId = id));
    on(this, 'parley-admin-ban-confirm', (detail) => void this.#banConfirmed(detail));
    on(this, 'parley-admin-select-all', ({ isSelected }) => (this.selected = isSelected ? new Set(this.items.map((i) => i.comment.id)) : new Set()));
    on(this, 'parley-admin-bulk', ({ action }) => void this.#act(action, this.#targets()));
    on(this, 'parley-admin-filter', ({ text }) => {
      this.text = text;
      void this.#load();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.#onKeyDown);
  }

  /** Another queue or site: start afresh. */
  protected override refresh(): void {
    this.items = [];
    this.selected = new Set();
    this.activeId = null;
    this.text = '';
    void this.#load();
  }

  protected override liveRefresh(): void {
    void this.#load({ isRefresh: true });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('queue') && !changed.has('site')) this.refresh();
    else super.willUpdate(changed);
  }

  /** The newest page; a live refresh re-reads as many as are shown and keeps older ones. */
  async #load({ isRefresh = false } = {}) {
    const seq = ++this.#loadSeq;
    if (!isRefresh) this.isLoading = true;
    try {
      const limit = isRefresh ? Math.min(MAX_PAGE, Math.max(PAGE_SIZE, this.items.length)) : PAGE_SIZE;
      const page = await this.api.queue(this.queue, { site: this.site || undefined, text: this.text || undefined, limit });
      if (seq !== this.#loadSeq) return;
      emit(this, 'parley-admin-counts', { counts: page.counts });
      const merged = isRefresh ? mergeRefresh(this.items, this.nextCursor, page) : page;
      this.nextCursor = merged.nextCursor;
      this.error = '';
      await this.#showItems(merged.items);
      const restored = this.#restoredIds && this.items.find((i) => this.#restoredIds!.has(i.comment.id));
      // The first load after an undo that is not overtaken started after the undo: it shows what came back, or never will.
      this.#restoredIds = null;
      if (restored) {
        this.activeId = restored.comment.id;
        await this.#focusCurrent();
      }
    } catch (error) {
      if (seq === this.#loadSeq) this.error = errorMessage(error, this.strings);
    } finally {
      if (seq === this.#loadSeq) this.isLoading = false;
    }
  }

  async #loadMore() {
    if (!this.nextCursor) return;
    const seq = ++this.#loadSeq;
    try {
      const page = await this.api.queue(this.queue, { site: this.site || undefined, text: this.text || undefined, cursor: this.nextCursor, limit: PAGE_SIZE });
      if (seq !== this.#loadSeq) return;
      const known = new Set(this.items.map((i) => i.comment.id));
      this.#setItems([...this.items, ...page.items.filter((i) => !known.has(i.comment.id))]);
      this.nextCursor = page.nextCursor;
    } catch (error) {
      this.announce(errorMessage(error, this.strings), true);
    }
  }

  /** Replaces the list, keeping the current row (or the one now at its place) and the selection. */
  #setItems(items: QueueItem[]) {
    const ids = new Set(items.map((i) => i.comment.id));
    this.activeId = nextActiveId(this.items, this.activeId, items);
    this.items = items;
    this.selected = new Set([...this.selected].filter((id) => ids.has(id)));
  }

  /**
   * Replaces the list; when the row that had the focus left it, focus moves to the current row
   * (the one now at its place), or to the heading when the list is empty.
   */
  async #showItems(items: QueueItem[]) {
    const focusedId = this.#focusedRowId();
    this.#setItems(items);
    if (focusedId === null || items.some((i) => i.comment.id === focusedId)) return;
    await this.#focusCurrent();
  }

  /** Moves the focus to the current row, scrolled into view, or to the heading when the list is empty. */
  async #focusCurrent() {
    await this.updateComplete;
    const row = this.#rowOf(this.activeId);
    if (!row) {
      this.heading.focus();
      return;
    }
    // The toolbar sticks to the top and can wrap to two lines: the row scrolls clear of it (its scroll-margin-top).
    this.style.setProperty('--_toolbar-height', `${this.renderRoot.querySelector('parley-admin-queue-toolbar')?.getBoundingClientRect().height ?? 0}px`);
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: 'nearest' });
  }

  /** Called by the shell after an undo: the list again, with the first comment it brought back here current and focused. */
  async showUndone(comments: AdminComment[]) {
    this.#restoredIds = new Set(comments.map((c) => c.id));
    await this.#load({ isRefresh: true });
  }

  #focusedRowId(): number | null {
    const active = (this.renderRoot as ShadowRoot).activeElement;
    const row = active?.closest('[role=row]');
    return row ? Number(row.getAttribute('data-id')) : null;
  }

  #rowOf(id: number | null): HTMLElement | null {
    return id === null ? null : (this.renderRoot.querySelector(`[data-id="${id}"]`) as HTMLElement | null);
  }

  #isFocusInGrid(): boolean {
    const grid = this.renderRoot.querySelector('[role=grid]');
    const active = (this.renderRoot as ShadowRoot).activeElement;
    return Boolean(grid && active && grid.contains(active));
  }

  async #move(delta: number) {
    if (!this.items.length) return;
    const current = this.items.findIndex((i) => i.comment.id === this.activeId);
    // The first j/k from outside the list lands on the current row rather than skipping it.
    const index = this.#isFocusInGrid() || current < 0 ? current + delta : current;
    this.activeId = this.items[Math.min(Math.max(index, 0), this.items.length - 1)]!.comment.id;
    await this.#focusCurrent();
  }

  #toggle(id: number, isSelected = !this.selected.has(id)) {
    const next = new Set(this.selected);
    if (isSelected) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  /** Acts on the selection when there is one, else on the current row. */
  #targets(): number[] {
    if (this.selected.size) return this.items.map((i) => i.comment.id).filter((id) => this.selected.has(id));
    return this.activeId === null ? [] : [this.activeId];
  }

  async #act(action: ModerationAction, ids: number[]) {
    if (!ids.length) return;
    const wasInGrid = this.#isFocusInGrid();
    try {
      const result = await this.api.act(action, ids);
      this.#setItems(this.#settled(action, result.comments));
      this.announce(this.strings[`done_${action}`](ids.length));
      emit(this, 'parley-admin-changed', {});
      if (wasInGrid) await this.#focusCurrent();
    } catch (error) {
      this.announce(errorMessage(error, this.strings), true);
    }
  }

  /** The list after an action changed `comments`: those that no longer belong here leave, the rest are updated, and unselected. */
  #settled(action: ModerationAction, comments: AdminComment[]): QueueItem[] {
    const byId = new Map(comments.map((c) => [c.id, c]));
    this.selected = new Set([...this.selected].filter((id) => !byId.has(id)));
    return this.items.flatMap((item) => {
      const updated = byId.get(item.comment.id);
      if (!updated) return [item];
      return staysIn(this.queue, action, updated) ? [{ ...item, comment: updated }] : [];
    });
  }

  #ban(id: number | null) {
    const item = this.items.find((i) => i.comment.id === id);
    if (!item) return;
    void this.banDialog.show(item);
    void this.#countPending(item);
  }

  /** How many comments the author has waiting, for the dialog's choice; it opens without waiting for this. */
  async #countPending(item: QueueItem) {
    const seq = ++this.#banSeq;
    this.banPending = null;
    try {
      const page = await this.api.queue('pending', { site: this.site || undefined, readerId: item.comment.readerId, limit: MAX_PAGE });
      if (seq === this.#banSeq) this.banPending = { count: page.items.length, isMore: page.nextCursor !== null };
    } catch {
      // Only a hint: the choice works without the number.
    }
  }

  async #banConfirmed({ commentId, reason, days, email, ip, pendingComments }: AdminEvents['parley-admin-ban-confirm']) {
    const name = this.items.find((i) => i.comment.id === commentId)?.comment.authorName ?? '';
    try {
      const result = await this.api.ban({ commentId, reason, days, email, ip, pendingComments });
      await this.#showItems(this.#settled('reject', result.rejected));
      this.announce(result.rejected.length ? this.strings.bannedAndRejected(name, result.rejected.length) : this.strings.banned(name));
      emit(this, 'parley-admin-changed', {});
    } catch (error) {
      this.announce(errorMessage(error, this.strings), true);
    }
  }

  #onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event)) return;
    const inGrid = this.#isFocusInGrid();
    const target = event.composedPath()[0];
    const onRow = target instanceof HTMLElement && target.getAttribute('role') === 'row';
    const run: Record<string, (() => void) | undefined> = {
      j: () => void this.#move(1),
      k: () => void this.#move(-1),
      ArrowDown: inGrid ? () => void this.#move(1) : undefined,
      ArrowUp: inGrid ? () => void this.#move(-1) : undefined,
      Home: inGrid ? () => void this.#move(-this.items.length) : undefined,
      End: inGrid ? () => void this.#move(this.items.length) : undefined,
      x: this.activeId !== null ? () => this.#toggle(this.activeId!) : undefined,
      // Space on a row selects it; on a button or checkbox it keeps its own meaning.
      ' ': onRow && this.activeId !== null ? () => this.#toggle(this.activeId!) : undefined,
      a: () => void this.#act('approve', this.#targets()),
      r: () => void this.#act('reject', this.#targets()),
      s: () => void this.#act('spam', this.#targets()),
      b: () => this.#ban(this.activeId),
    };
    const action = run[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  override render() {
    const t = this.strings;
    return html`
      <h2 tabindex="-1" id="queue-title">${t[`queue_${this.queue}`]}</h2>
      <parley-admin-queue-toolbar .strings=${t} .selectedCount=${this.selected.size} .total=${this.items.length} .text=${this.text}></parley-admin-queue-toolbar>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.isLoading
        ? html`<p class="empty" role="status">${t.loading}</p>`
        : this.items.length === 0
          ? html`<p class="empty">${t.queueEmpty}</p>`
          : html`<div role="grid" aria-labelledby="queue-title" aria-multiselectable="true" aria-rowcount=${this.nextCursor ? -1 : this.items.length}>
              ${repeat(
                this.items,
                (item) => item.comment.id,
                (item, index) => html`<parley-admin-item
                  role="row"
                  aria-rowindex=${index + 1}
                  data-id=${item.comment.id}
                  tabindex=${item.comment.id === this.activeId ? 0 : -1}
                  aria-selected=${this.selected.has(item.comment.id) ? 'true' : 'false'}
                  .item=${item}
                  .strings=${t}
                  .isActive=${item.comment.id === this.activeId}
                  .isSelected=${this.selected.has(item.comment.id)}
                  .showStatus=${this.queue === 'all' || this.queue === 'reported'}
                ></parley-admin-item>`,
              )}
            </div>`}
      ${this.nextCursor && !this.isLoading ? html`<p class="more"><button @click=${this.#loadMore}>${t.loadMore}</button></p>` : nothing}
      <parley-admin-ban-dialog .strings=${t} .pending=${this.banPending}></parley-admin-ban-dialog>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-queue': ParleyAdminQueue;
  }
}
