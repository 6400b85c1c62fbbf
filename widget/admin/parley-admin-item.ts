import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { ModerationAction, QueueItem } from './api.ts';
import { emit } from './events.ts';
import { excerpt, formatDate, reasonLabel } from './format.ts';
import type { AdminStrings } from './i18n/en.ts';
import { routeHref } from './route.ts';
import { adminBase } from './styles.ts';

/**
 * One row of the queue grid (the host carries `role="row"`, set by the queue): select box, the
 * comment with why it was held and its context, and the actions. Only `comment.bodyHtml` (sanitised
 * by the server at write time) is inserted as HTML; every other string is a text binding.
 */
@customElement('parley-admin-item')
export class ParleyAdminItem extends LitElement {
  static override styles = [
    adminBase,
    css`
      :host {
        display: grid;
        grid-template-columns: 2.25rem minmax(0, 1fr) auto;
        gap: 0.5rem 0.75rem;
        padding: 0.85rem 0.75rem;
        border-bottom: 1px solid var(--_border);
        /* Clear of the queue's sticky toolbar above and the shell's fixed status line below. */
        scroll-margin: calc(var(--_toolbar-height, 3rem) + 0.5rem) 0 4rem;
      }
      :host([aria-selected='true']) {
        background: color-mix(in srgb, var(--_accent) 9%, var(--_bg));
      }
      :host(:focus) {
        outline: none;
      }
      :host(:focus-visible),
      :host(.is-active:focus) {
        outline: 3px solid var(--_focus);
        outline-offset: -3px;
      }
      :host(.is-active) {
        box-shadow: inset 4px 0 0 var(--_accent);
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.6rem;
        align-items: baseline;
      }
      .reasons {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.35rem;
        margin: 0.4rem 0;
      }
      .reasons ul {
        display: contents;
      }
      .reasons li {
        list-style: none;
      }
      .parent {
        margin: 0.4rem 0;
        padding-inline-start: 0.6rem;
        border-inline-start: 3px solid var(--_border);
        color: var(--_muted);
      }
      .body {
        overflow-wrap: anywhere;
      }
      .body :first-child {
        margin-top: 0.25rem;
      }
      .body :last-child {
        margin-bottom: 0.25rem;
      }
      .body blockquote {
        margin-inline: 0;
        padding-inline-start: 0.75rem;
        border-inline-start: 3px solid var(--_border);
      }
      .body pre {
        overflow-x: auto;
        background: var(--_surface);
        padding: 0.5rem;
      }
      details {
        margin-top: 0.35rem;
        color: var(--_muted);
      }
      details ul {
        margin: 0.35rem 0;
        padding-inline-start: 1.2rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem;
        align-content: flex-start;
        justify-content: flex-end;
        max-width: 17rem;
      }
      .status {
        text-transform: uppercase;
        font-size: 0.75rem;
        letter-spacing: 0.03em;
      }
    `,
  ];

  @property({ attribute: false }) item!: QueueItem;
  @property({ attribute: false }) strings!: AdminStrings;
  @property({ type: Boolean }) isActive = false;
  @property({ type: Boolean }) isSelected = false;
  @property({ type: Boolean }) showStatus = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('focusin', this.#onFocusIn);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('focusin', this.#onFocusIn);
  }

  #onFocusIn = () => emit(this, 'parley-admin-item-focus', { id: this.item.comment.id });

  override updated() {
    this.classList.toggle('is-active', this.isActive);
  }

  #act(action: ModerationAction) {
    emit(this, 'parley-admin-item-action', { id: this.item.comment.id, action });
  }

  #actions(): ModerationAction[] {
    const { status, isPinned } = this.item.comment;
    if (status === 'deleted') return ['restore'];
    const list: ModerationAction[] = [];
    if (status !== 'approved') list.push('approve');
    if (status !== 'rejected') list.push('reject');
    if (status !== 'spam') list.push('spam');
    if (status === 'approved') list.push(isPinned ? 'unpin' : 'pin');
    list.push('delete');
    return list;
  }

  override render() {
    const t = this.strings;
    const { comment, page, parent, author } = this.item;
    const tab = this.isActive ? 0 : -1;
    const pageName = page.title || page.key;
    return html`
      <div role="gridcell">
        <input
          type="checkbox"
          tabindex=${tab}
          .checked=${this.isSelected}
          aria-label=${t.selectComment(comment.authorName)}
          @change=${(e: Event) => emit(this, 'parley-admin-item-select', { id: comment.id, isSelected: (e.target as HTMLInputElement).checked })}
        />
      </div>
      <div role="gridcell" class="content">
        <div class="meta">
          <strong>${comment.authorName}</strong>
          ${comment.isGuest ? html`<span class="muted">${t.guest}</span>` : nothing}
          <time class="muted" datetime=${comment.createdAt}>${formatDate(comment.createdAt)}</time>
          <span class="muted"
            >${t.onPage}
            ${page.url ? html`<a href=${page.url} target="_blank" rel="noopener noreferrer" tabindex=${tab}>${pageName}</a>` : html`<span>${pageName}</span>`}</span
          >
          ${this.showStatus ? html`<span class="status muted">${t[`status_${comment.status}`]}</span>` : nothing}
          ${comment.isPinned ? html`<span class="status muted">${t.pinned}</span>` : nothing}
          ${comment.flagCount > 0 ? html`<span class="muted">${t.flags(comment.flagCount)}</span>` : nothing}
        </div>
        ${comment.reasons.length
          ? html`<div class="reasons">
              <span class="muted">${t.heldBecause}</span>
              <ul>
                ${comment.reasons.map((r) => html`<li class="chip reason">${reasonLabel(r, t)}</li>`)}
              </ul>
            </div>`
          : nothing}
        ${parent ? html`<div class="parent">${t.inReplyTo(parent.authorName)}: ${excerpt(parent.bodyHtml)}</div>` : nothing}
        <div class="body">${unsafeHTML(comment.bodyHtml)}</div>
        <details>
          <summary tabindex=${tab}>${author.name ?? comment.authorName}: ${t.authorHistory(author.approvedCount, author.rejectedCount)}</summary>
          ${this.#renderRecent()}
          <a href=${routeHref({ screen: 'readers', readerId: comment.readerId })} tabindex=${tab}>${t.readerHistoryLink}</a>
        </details>
      </div>
      <div role="gridcell" class="actions">
        ${this.#actions().map(
          (action) => html`<button tabindex=${tab} data-action=${action} class=${action === 'approve' ? 'primary' : ''} @click=${() => this.#act(action)}>
            ${t[action]}
          </button>`,
        )}
        <button tabindex=${tab} data-action="ban" class="danger" @click=${() => emit(this, 'parley-admin-item-ban', { id: comment.id })}>${t.ban}</button>
      </div>
    `;
  }

  #renderRecent() {
    const t = this.strings;
    const others = this.item.author.recent.filter((r) => r.id !== this.item.comment.id);
    if (!others.length) return html`<p>${t.noRecent}</p>`;
    return html`<p>${t.recentComments}</p>
      <ul>
        ${others.map((r) => html`<li><span class="status">${t[`status_${r.status}`]}</span> ${r.pageKey}: ${excerpt(r.bodyHtml, 100)}</li>`)}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-item': ParleyAdminItem;
  }
}
