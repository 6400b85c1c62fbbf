import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { QueueCounts } from './api.ts';
import type { AdminStrings } from './i18n/en.ts';
import { ADMIN_SCREENS, QUEUES, SCREENS, routeHref, type Route } from './route.ts';
import { adminBase } from './styles.ts';

/** The side navigation: the queues with their live counts, then the other screens. */
@customElement('parley-admin-nav')
export class ParleyAdminNav extends LitElement {
  static override styles = [
    adminBase,
    css`
      :host {
        display: block;
        border-inline-end: 1px solid var(--_border);
        background: var(--_surface);
        padding: 1rem 0.5rem;
      }
      h2 {
        font-size: 0.8rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--_muted);
        margin: 0.75rem 0.6rem 0.35rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      a {
        display: flex;
        justify-content: space-between;
        gap: 0.5rem;
        padding: 0.35rem 0.6rem;
        border-radius: var(--_radius);
        color: var(--_text);
        text-decoration: none;
      }
      a:hover {
        background: var(--_bg);
      }
      a[aria-current='page'] {
        background: var(--_bg);
        font-weight: 700;
        box-shadow: inset 3px 0 0 var(--_accent);
      }
      .count {
        font-variant-numeric: tabular-nums;
        color: var(--_muted);
      }
    `,
  ];

  @property({ attribute: false }) strings!: AdminStrings;
  @property({ attribute: false }) route!: Route;
  @property({ attribute: false }) counts: QueueCounts | null = null;
  @property({ type: Boolean }) isAdmin = false;

  override render() {
    const t = this.strings;
    return html`<nav aria-label=${t.mainNav}>
      <h2 id="queues">${t.queues}</h2>
      <ul aria-labelledby="queues">
        ${QUEUES.map((queue) => {
          const name = t[`queue_${queue}`];
          const count = this.counts?.[queue];
          const isCurrent = this.route.screen === 'queue' && this.route.queue === queue;
          return html`<li>
            <a href=${routeHref({ screen: 'queue', queue })} aria-current=${isCurrent ? 'page' : 'false'} data-queue=${queue}
              ><span>${name}</span>${count === undefined
                ? ''
                : html`<span class="count"><span aria-hidden="true">${count}</span><span class="visually-hidden">${t.queueCount(count)}</span></span>`}</a
            >
          </li>`;
        })}
      </ul>
      <h2 id="screens">${t.screens}</h2>
      <ul aria-labelledby="screens">
        ${SCREENS.filter((s) => !ADMIN_SCREENS.has(s) || this.isAdmin).map(
          (screen) => html`<li>
            <a href=${routeHref({ screen })} aria-current=${this.route.screen === screen ? 'page' : 'false'}>${t[`screen_${screen}`]}</a>
          </li>`,
        )}
      </ul>
    </nav>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-nav': ParleyAdminNav;
  }
}
