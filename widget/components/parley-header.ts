import { html, nothing } from 'lit/html.js';
import type { Sort, SubscriptionState } from '../api-client.ts';
import type { I18n } from '../i18n/index.ts';
import { css } from '../styles/css.ts';
import { shared } from '../styles/shared.ts';
import type { Author, ThreadState } from '../thread-state.ts';
import { ParleyElement } from './element.ts';
import { bellIcon } from './icons.ts';
import { emit } from '../events.ts';

const SORTS: Sort[] = ['oldest', 'newest', 'votes'];

/** "N Comments", Subscribe, and the sort tabs Oldest / Newest / Most Voted (plus the two views: Inline Feedbacks / View all comments). */
export class ParleyHeader extends ParleyElement {
  static override properties = {
    i18n: { attribute: false },
    count: { type: Number },
    sort: {},
    isInlineOnly: { type: Boolean },
    author: {},
    subscribeStatus: {},
    subscriptions: {},
    busy: { type: Boolean },
    isSubscribing: { state: true },
  };

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
      .subscribe {
        position: relative;
      }
    `,
  ];

  i18n!: I18n;
  count = 0;
  sort: Sort = 'oldest';
  isInlineOnly = false;
  /** Always set by `<parley-comments>` with the rest. */
  declare author: Author;
  subscribeStatus: ThreadState['subscribeStatus'] = null;
  subscriptions?: readonly SubscriptionState[];
  busy = false;
  /** The Subscribe menu is open (its code is its own chunk, fetched on the first click). */
  private isSubscribing = false;
  /** Once opened, the menu element stays (empty when closed): what the reader typed in it is kept. */
  private hasSubscribeMenu = false;

  /** The menu closes itself (a click elsewhere, Escape) with `parley-dismiss`: that code loads with it. */
  private setSubscribing(on: boolean) {
    this.isSubscribing = on;
    if (on && !this.hasSubscribeMenu) {
      this.hasSubscribeMenu = true;
      void import('./parley-subscribe.ts');
    }
  }

  override render() {
    const t = this.i18n;
    return html`<div class="top">
        <h2 id="count" part="count">${t.plural('commentCount', this.count)}</h2>
        <span class="subscribe" @parley-dismiss=${() => this.setSubscribing(false)}>
          <button class="outline" part="subscribe" aria-expanded=${this.isSubscribing} aria-controls="subscribe-menu"
            @click=${() => this.setSubscribing(!this.isSubscribing)}>${bellIcon} ${t.t('subscribe')}</button>
          ${this.hasSubscribeMenu
            ? html`<parley-subscribe id="subscribe-menu" exportparts="subscribe-menu" ?open=${this.isSubscribing} .i18n=${t} .author=${this.author}
                .subscriptions=${this.subscriptions} .status=${this.subscribeStatus} ?busy=${this.busy}></parley-subscribe>`
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

customElements.define('parley-header', ParleyHeader);
