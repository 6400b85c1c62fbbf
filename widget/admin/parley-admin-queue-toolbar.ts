import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { emit } from './events.ts';
import type { AdminStrings } from './i18n/en.ts';
import { adminBase } from './styles.ts';

const BULK = ['approve', 'reject', 'spam', 'delete'] as const;

/** Above the queue: select all, what to do with the selection, undo, and the text filter. */
@customElement('parley-admin-queue-toolbar')
export class ParleyAdminQueueToolbar extends LitElement {
  static override styles = [
    adminBase,
    css`
      :host {
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
      label {
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
    `,
  ];

  @property({ attribute: false }) strings!: AdminStrings;
  @property({ type: Number }) selectedCount = 0;
  @property({ type: Number }) total = 0;
  @property() text = '';

  #filter(event: SubmitEvent) {
    event.preventDefault();
    emit(this, 'parley-admin-filter', { text: String(new FormData(event.target as HTMLFormElement).get('text') ?? '').trim() });
  }

  override render() {
    const t = this.strings;
    const isAll = this.total > 0 && this.selectedCount === this.total;
    return html`
      <label
        ><input
          type="checkbox"
          .checked=${isAll}
          .indeterminate=${this.selectedCount > 0 && !isAll}
          @change=${(e: Event) => emit(this, 'parley-admin-select-all', { isSelected: (e.target as HTMLInputElement).checked })}
        />${t.selectAll}</label
      >
      <div class="bulk" role="group" aria-label=${t.bulkActions}>
        <span class="muted" aria-live="polite">${this.selectedCount ? t.selectedCount(this.selectedCount) : ''}</span>
        ${BULK.map(
          (action) =>
            html`<button data-bulk=${action} ?disabled=${!this.selectedCount} @click=${() => emit(this, 'parley-admin-bulk', { action })}>${t[action]}</button>`,
        )}
        <button data-undo @click=${() => emit(this, 'parley-admin-undo', {})} aria-keyshortcuts="u">${t.undo}</button>
      </div>
      <form role="search" @submit=${this.#filter}>
        <label class="visually-hidden" for="text">${t.filterText}</label>
        <input id="text" name="text" type="search" .value=${this.text} placeholder=${t.filterText} />
        <button type="submit">${t.filter}</button>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-queue-toolbar': ParleyAdminQueueToolbar;
  }
}
