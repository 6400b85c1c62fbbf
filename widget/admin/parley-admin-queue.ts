import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { type AdminApi, type AdminComment, type ModerationAction, type QueueItem, type QueueName } from './api.ts';
import { emit, isTypingTarget, type AdminEvents } from './events.ts';
import { errorMessage } from './format.ts';
import type { AdminStrings } from './i18n/en.ts';
import type { ParleyAdminBanDialog } from './parley-admin-ban-dialog.ts';
import { adminBase } from './styles.ts';
import './parley-admin-ban-dialog.ts';
import './parley-admin-item.ts';

const PAGE_SIZE = 50;
// The API's largest page: a live refresh re-reads at most this many of the newest items.
const MAX_PAGE = 100;

const STATUS_OF: Partial<Record<QueueName, AdminComment['status']>> = {
  pending: 'pending',
  spam: 'spam',
  rejected: 'rejected',
  approved: 'approved',
};

/** Whether a comment an action returned still belongs in the queue on screen. */
function staysIn(queue: QueueName, action: ModerationAction, comment: AdminComment): boolean {
  if (queue === 'all' || action === 'pin' || action === 'unpin') return true;
  if (queue === 'reported') return false;
  return comment.status === STATUS_OF[queue];
}

/**
 * One queue as a grid: rows use a roving tabindex, `j`/`k` (or the arrow keys) move, `x` selects,
 * `a` `r` `s` act on the selection (or the current row), `b` bans (`u`, undo, is the shell's). New
 * items arrive live without moving the current row.
 */
@customElement('parley-admin-queue')
export class ParleyAdminQueue extends LitElement {
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
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        padding: 0.5rem 0.75rem;
        border: 1px solid var(--_border);
        border-radius: var(--_radius) var(--_radius) 0 0;
        background: var(--_surface);
        position: sticky;
        top: 0;
        z-index: 1;
      }
      .toolbar label {
        display: flex;
        gap: 0.4rem;
        align-items: center;
        margin: 0;
      }
      .bulk {
        display: flex;
        gap: 0.35rem;
        flex-wrap: wrap;
        align-items: center;
      }
      form {
        display: flex;
        gap: 0.35rem;
        margin-inline-start: auto;
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

  @property({ attribute: false }) api!: AdminApi;
  @property({ attribute: false }) strings!: AdminStrings;
  @property() site = '';
  @property() queue: QueueName = 'pending';
  @property({ type: Number }) liveTick = 0;

  @state() private items: QueueItem[] = [];
  @state() private nextCursor: string | null = null;
  @state() private selected = new Set<number>();
  @state() private activeId: number | null = null;
  @state() private isLoading = true;
  @state() private error = '';
  @state() private text = '';

  @query('h2') private heading!: HTMLElement;
  @query('parley-admin-ban-dialog') private banDialog!: ParleyAdminBanDialog;
  #loadSeq = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.#onKeyDown);
    this.addEventListener('parley-admin-item-action', this.#onItemAction as EventListener);
    this.addEventListener('parley-admin-item-select', this.#onItemSelect as EventListener);
    this.addEventListener('parley-admin-item-ban', this.#onItemBan as EventListener);
    this.addEventListener('parley-admin-item-focus', this.#onItemFocus as EventListener);
    this.addEventListener('parley-admin-ban-confirm', ((e: CustomEvent<AdminEvents['parley-admin-ban-confirm']>) => void this.#onBanConfirm(e)) as EventListener);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.#onKeyDown);
  }

  async focusHeading() {
    await this.updateComplete;
    this.heading?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('queue') || changed.has('site')) {
      this.items = [];
      this.selected = new Set();
      this.activeId = null;
      this.text = '';
      void this.#load();
    } else if (changed.has('liveTick') && changed.get('liveTick') !== undefined) {
      void this.#load({ isRefresh: true });
    }
  }

  /**
   * Loads the newest page. A refresh re-reads as many as are shown (up to the API's maximum),
   * keeps older items already loaded, and keeps the current row and the selection by id.
   */
  async #load({ isRefresh = false } = {}) {
    const seq = ++this.#loadSeq;
    if (!isRefresh) this.isLoading = true;
    try {
      const limit = isRefresh ? Math.min(MAX_PAGE, Math.max(PAGE_SIZE, this.items.length)) : PAGE_SIZE;
      const page = await this.api.queue(this.queue, { site: this.site || undefined, text: this.text || undefined, limit });
      if (seq !== this.#loadSeq) return;
      emit(this, 'parley-admin-counts', { counts: page.counts });
      let items = page.items;
      let nextCursor = page.nextCursor;
      if (isRefresh && page.nextCursor && items.length) {
        // Older items already on screen stay (their cursor with them); newer ones came fresh.
        const oldest = Math.min(...items.map((i) => i.comment.id));
        const older = this.items.filter((i) => i.comment.id < oldest);
        if (older.length) {
          items = [...items, ...older];
          nextCursor = this.nextCursor;
        }
      }
      this.#setItems(items);
      this.nextCursor = nextCursor;
      this.error = '';
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
      this.#announce(errorMessage(error, this.strings), true);
    }
  }

  /** Replaces the list, keeping the current row (or the one now at its place) and the selection. */
  #setItems(items: QueueItem[]) {
    const oldIndex = this.items.findIndex((i) => i.comment.id === this.activeId);
    const ids = new Set(items.map((i) => i.comment.id));
    this.items = items;
    this.selected = new Set([...this.selected].filter((id) => ids.has(id)));
    if (this.activeId === null || !ids.has(this.activeId)) {
      const index = Math.min(Math.max(oldIndex, 0), items.length - 1);
      this.activeId = items[index]?.comment.id ?? null;
    }
  }

  #announce(message: string, isError = false) {
    emit(this, 'parley-admin-announce', { message, isError });
  }

  get #activeIndex() {
    return this.items.findIndex((i) => i.comment.id === this.activeId);
  }

  #rowOf(id: number | null): HTMLElement | null {
    return id === null ? null : (this.renderRoot.querySelector(`[data-id="${id}"]`) as HTMLElement | null);
  }

  #isFocusInGrid(): boolean {
    const grid = this.renderRoot.querySelector('[role=grid]');
    const active = (this.renderRoot as ShadowRoot).activeElement;
    return Boolean(grid && active && grid.contains(active));
  }

  async #move(delta: number, { focus = true } = {}) {
    if (!this.items.length) return;
    const wasInGrid = this.#isFocusInGrid();
    // The first j/k from outside the list lands on the current row rather than skipping it.
    const index = wasInGrid || this.#activeIndex < 0 ? this.#activeIndex + delta : this.#activeIndex;
    const next = Math.min(Math.max(index, 0), this.items.length - 1);
    this.activeId = this.items[next]!.comment.id;
    if (!focus) return;
    await this.updateComplete;
    const row = this.#rowOf(this.activeId);
    row?.focus();
    row?.scrollIntoView({ block: 'nearest' });
  }

  #toggle(id: number, isSelected = !this.selected.has(id)) {
    const next = new Set(this.selected);
    if (isSelected) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  #toggleAll(event: Event) {
    const isChecked = (event.target as HTMLInputElement).checked;
    this.selected = isChecked ? new Set(this.items.map((i) => i.comment.id)) : new Set();
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
      const byId = new Map(result.comments.map((c) => [c.id, c]));
      const items = this.items.flatMap((item) => {
        const updated = byId.get(item.comment.id);
        if (!updated) return [item];
        return staysIn(this.queue, action, updated) ? [{ ...item, comment: updated }] : [];
      });
      this.selected = new Set([...this.selected].filter((id) => !byId.has(id)));
      this.#setItems(items);
      this.#announce(this.strings[`done_${action}`](ids.length));
      emit(this, 'parley-admin-changed', {});
      if (wasInGrid) {
        await this.updateComplete;
        (this.#rowOf(this.activeId) ?? this.heading).focus();
      }
    } catch (error) {
      this.#announce(errorMessage(error, this.strings), true);
    }
  }

  #ban(id: number | null) {
    const item = this.items.find((i) => i.comment.id === id);
    if (item) void this.banDialog.show(item);
  }

  #onBanConfirm = async (event: CustomEvent<AdminEvents['parley-admin-ban-confirm']>) => {
    const { commentId, reason, days, email, ip } = event.detail;
    const item = this.items.find((i) => i.comment.id === commentId);
    try {
      await this.api.ban({ commentId, reason, days, email, ip });
      this.#announce(this.strings.banned(item?.comment.authorName ?? ''));
      emit(this, 'parley-admin-changed', {});
      await this.#load({ isRefresh: true });
    } catch (error) {
      this.#announce(errorMessage(error, this.strings), true);
    }
  };

  #onItemAction = (event: CustomEvent<AdminEvents['parley-admin-item-action']>) => {
    this.activeId = event.detail.id;
    void this.#act(event.detail.action, [event.detail.id]);
  };
  #onItemSelect = (event: CustomEvent<AdminEvents['parley-admin-item-select']>) => this.#toggle(event.detail.id, event.detail.isSelected);
  #onItemBan = (event: CustomEvent<AdminEvents['parley-admin-item-ban']>) => {
    this.activeId = event.detail.id;
    this.#ban(event.detail.id);
  };
  #onItemFocus = (event: CustomEvent<AdminEvents['parley-admin-item-focus']>) => {
    this.activeId = event.detail.id;
  };

  #onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event)) return;
    const inGrid = this.#isFocusInGrid();
    const key = event.key;
    const handled = (() => {
      switch (key) {
        case 'j':
          return void this.#move(1), true;
        case 'k':
          return void this.#move(-1), true;
        case 'ArrowDown':
          return inGrid && (void this.#move(1), true);
        case 'ArrowUp':
          return inGrid && (void this.#move(-1), true);
        case 'Home':
          return inGrid && (void this.#move(-this.items.length), true);
        case 'End':
          return inGrid && (void this.#move(this.items.length), true);
        case 'x':
          return this.activeId !== null && (this.#toggle(this.activeId), true);
        case ' ': {
          // Space on a row selects it; on a button or checkbox it keeps its own meaning.
          const target = event.composedPath()[0];
          return target instanceof HTMLElement && target.getAttribute('role') === 'row' && this.activeId !== null && (this.#toggle(this.activeId), true);
        }
        case 'a':
          return void this.#act('approve', this.#targets()), true;
        case 'r':
          return void this.#act('reject', this.#targets()), true;
        case 's':
          return void this.#act('spam', this.#targets()), true;
        case 'b':
          return this.#ban(this.activeId), true;
        default:
          return false;
      }
    })();
    if (handled) event.preventDefault();
  };

  #filter(event: SubmitEvent) {
    event.preventDefault();
    this.text = String(new FormData(event.target as HTMLFormElement).get('text') ?? '').trim();
    void this.#load();
  }

  override render() {
    const t = this.strings;
    const name = t[`queue_${this.queue}`];
    const allSelected = this.items.length > 0 && this.selected.size === this.items.length;
    return html`
      <h2 tabindex="-1" id="queue-title">${name}</h2>
      <div class="toolbar">
        <label><input type="checkbox" .checked=${allSelected} .indeterminate=${this.selected.size > 0 && !allSelected} @change=${this.#toggleAll} />${t.selectAll}</label>
        <div class="bulk" role="group" aria-label=${t.bulkActions}>
          <span class="muted" aria-live="polite">${this.selected.size ? t.selectedCount(this.selected.size) : ''}</span>
          ${(['approve', 'reject', 'spam', 'delete'] as const).map(
            (action) => html`<button data-bulk=${action} ?disabled=${!this.selected.size} @click=${() => this.#act(action, this.#targets())}>${t[action]}</button>`,
          )}
          <button data-undo @click=${() => emit(this, 'parley-admin-undo', {})} aria-keyshortcuts="u">${t.undo}</button>
        </div>
        <form role="search" @submit=${this.#filter}>
          <label class="visually-hidden" for="text">${t.filterText}</label>
          <input id="text" name="text" type="search" .value=${this.text} placeholder=${t.filterText} />
          <button type="submit">${t.filter}</button>
        </form>
      </div>
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
      <parley-admin-ban-dialog .strings=${t}></parley-admin-ban-dialog>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-queue': ParleyAdminQueue;
  }
}
