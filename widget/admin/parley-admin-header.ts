import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AdminMe } from './api.ts';
import { emit } from './events.ts';
import type { AdminStrings } from './i18n/en.ts';
import { adminBase } from './styles.ts';

/** The banner: title, site picker (when there is a choice), who is signed in, help, sign out. */
@customElement('parley-admin-header')
export class ParleyAdminHeader extends LitElement {
  static override styles = [
    adminBase,
    css`
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.75rem 1.25rem;
        padding: 0.6rem 1.25rem;
        border-bottom: 1px solid var(--_border);
        background: var(--_surface);
      }
      h1 {
        font-size: 1.15rem;
        margin: 0;
        margin-inline-end: auto;
      }
      .site {
        display: flex;
        align-items: center;
        gap: 0.4rem;
      }
      .site label {
        margin: 0;
      }
    `,
  ];

  @property({ attribute: false }) strings!: AdminStrings;
  @property({ attribute: false }) me!: AdminMe;
  @property() site = '';

  override render() {
    const t = this.strings;
    const { sites, moderator } = this.me;
    return html`<header>
      <h1>${t.appTitle}</h1>
      ${sites.length > 1
        ? html`<div class="site">
            <label for="site">${t.site}</label>
            <select id="site" @change=${(e: Event) => emit(this, 'parley-admin-site', { slug: (e.target as HTMLSelectElement).value })}>
              ${sites.map((s) => html`<option value=${s.slug} ?selected=${s.slug === this.site}>${s.name}</option>`)}
            </select>
          </div>`
        : html`<span class="muted">${sites[0]?.name ?? ''}</span>`}
      <span class="muted">${t.signedInAs(moderator.name)}</span>
      <button @click=${() => emit(this, 'parley-admin-help', {})} aria-keyshortcuts="?">${t.helpOpen}</button>
      <button @click=${() => emit(this, 'parley-admin-sign-out', {})}>${t.signOut}</button>
    </header>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-header': ParleyAdminHeader;
  }
}
