import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Sort, SubscriptionState } from '../api-client.ts';
import type { I18n } from '../i18n/index.ts';
import { shared } from '../styles/shared.ts';
import type { Author, ThreadState } from '../thread-state.ts';
import { bellIcon } from './icons.ts';
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
        position: relative;
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
  @property({ attribute: false }) author: Author = { name: '', email: '' };
  @property({ attribute: false }) subscribeStatus: ThreadState['subscribeStatus'] = null;
  @property({ attribute: false }) subscriptions: readonly SubscriptionState[] | null = null;
  @property({ type: Boolean }) busy = false;
  /** The Subscribe menu is open (its code is fetched the first time a reader opens it). */
  @state() private isMenuOpen = false;
  private readonly close = () => {
    this.isMenuOpen = false;
    this.renderRoot.querySelector<HTMLElement>('[part=subscribe]')?.focus();
  };

  private async toggleMenu() {
    this.isMenuOpen = !this.isMenuOpen && (await import('../subscribe/parley-subscribe-menu.ts').then(() => true, () => false));
  }

  override render() {
    const t = this.i18n;
    return html`<div class="top">
        <h2 id="count" part="count">${t.plural('commentCount', this.count)}</h2>
        <span>
          <button class="outline" part="subscribe" aria-expanded=${this.isMenuOpen} aria-controls="subscribe-menu" @click=${this.toggleMenu}>${bellIcon} ${t.t('subscribe')}</button>
          ${this.isMenuOpen
            ? html`<parley-subscribe-menu id="subscribe-menu" exportparts="subscribe-menu" .i18n=${t}
                .author=${this.author} .subscriptions=${this.subscriptions} .status=${this.subscribeStatus} ?busy=${this.busy} .close=${this.close}></parley-subscribe-menu>`
            : nothing}
        </span>
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
