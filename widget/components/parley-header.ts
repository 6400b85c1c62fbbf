import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Sort } from '../api-client.ts';
import type { I18n } from '../i18n/index.ts';
import { shared } from '../styles/shared.ts';
import './parley-subscribe.ts';
import { emit } from '../events.ts';

const SORTS: Sort[] = ['oldest', 'newest', 'votes'];

/** "N Comments", Subscribe, and the sort tabs Oldest / Newest / Most Voted (plus the two views: Inline Feedbacks / View all comments). */
@customElement('parley-header')
export class ParleyHeader extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .top {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5em;
        padding-bottom: 0.5em;
      }
      h2 {
        margin: 0;
        font-size: 1.25em;
      }
      .sorts {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25em;
        border-bottom: 1px solid var(--parley-border);
      }
      .sorts button {
        color: var(--parley-muted);
        border-radius: var(--parley-radius) var(--parley-radius) 0 0;
        border-bottom: 2px solid transparent;
      }
      .sorts button[aria-pressed='true'] {
        color: var(--parley-text);
        font-weight: 600;
        border-bottom-color: var(--parley-accent);
      }
      .inline {
        margin-inline-start: auto;
      }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @property({ type: Number }) count = 0;
  @property() sort: Sort = 'oldest';
  @property({ type: Boolean }) isInlineOnly = false;
  @property() email = '';
  @property() subscribeStatus: string | null = null;
  @property({ type: Boolean }) busy = false;

  override render() {
    const t = this.i18n;
    return html`<div class="top">
        <h2 id="count" part="count">${t.plural('commentCount', this.count)}</h2>
        <parley-subscribe exportparts="subscribe, subscribe-menu" .i18n=${t} .email=${this.email} .status=${this.subscribeStatus} ?busy=${this.busy}></parley-subscribe>
      </div>
      <div class="sorts" role="group" aria-label=${t.t('sortBy')} part="sorts">
        ${SORTS.map((s) => html`<button aria-pressed=${this.sort === s && !this.isInlineOnly} @click=${() => emit(this, 'parley-sort', { sort: s })}>${t.t(s)}</button>`)}
        <span class="inline">
          <button aria-pressed=${this.isInlineOnly} part="tab-inline" @click=${() => emit(this, 'parley-inline', { on: true })}>${t.t('inlineFeedbacks')}</button>
          <button aria-pressed=${!this.isInlineOnly} part="tab-all" @click=${() => emit(this, 'parley-inline', { on: false })}>${t.t('viewAll')}</button>
        </span>
      </div>`;
  }
}
