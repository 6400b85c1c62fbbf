import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SubscriptionKind } from '../api-client.ts';
import type { I18n } from '../i18n/index.ts';
import { shared } from '../styles/shared.ts';
import { bellIcon } from './icons.ts';
import { emit } from '../events.ts';

/** wpDiscuz's Subscribe control: "Notify of" new follow-up comments, or new replies to my comments. */
@customElement('parley-subscribe')
export class ParleySubscribe extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: inline-block;
        position: relative;
      }
      form {
        position: absolute;
        inset-inline-end: 0;
        top: 100%;
        z-index: 2;
        width: min(20em, 90vw);
        display: grid;
        gap: 0.5em;
        margin-top: 0.25em;
        padding: 0.75em;
        background: var(--parley-bg);
        border: 1px solid var(--parley-border);
        border-radius: var(--parley-radius);
        box-shadow: 0 4px 16px rgb(0 0 0 / 0.15);
      }
      p {
        margin: 0;
        font-size: 0.875em;
      }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @property() email = '';
  /** The server's answer to the last request, already in words. */
  @property() status: string | null = null;
  @property({ type: Boolean }) busy = false;
  @state() private open = false;
  @state() private kind: SubscriptionKind = 'page';
  @state() private typed: string | null = null;

  // A click anywhere else closes the menu, as any dropdown does.
  private readonly onOutside = (e: Event) => {
    if (!e.composedPath().includes(this)) this.open = false;
  };

  override connectedCallback() {
    super.connectedCallback();
    document.addEventListener('click', this.onOutside);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener('click', this.onOutside);
  }

  private send(e: SubmitEvent) {
    e.preventDefault();
    emit(this, 'parley-subscribe', { email: (this.typed ?? this.email).trim(), kind: this.kind });
  }

  private onKey(e: KeyboardEvent) {
    if (e.key !== 'Escape' || !this.open) return;
    this.open = false;
    this.renderRoot.querySelector<HTMLButtonElement>('button[aria-controls]')?.focus();
  }

  override render() {
    const t = this.i18n;
    return html`<div @keydown=${this.onKey}>
      <button class="outline" part="subscribe" aria-expanded=${this.open} aria-controls="subscribe-form"
        @click=${() => (this.open = !this.open)}>${bellIcon} ${t.t('subscribe')}</button>
      ${this.open
        ? html`<form id="subscribe-form" part="subscribe-menu" @submit=${this.send}>
            <label for="kind">${t.t('notifyOf')}</label>
            <select id="kind" @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as SubscriptionKind)}>
              <option value="page" ?selected=${this.kind === 'page'}>${t.t('notifyPage')}</option>
              <option value="replies" ?selected=${this.kind === 'replies'}>${t.t('notifyReplies')}</option>
            </select>
            <label for="sub-email">${t.t('email')}</label>
            <input id="sub-email" type="email" required autocomplete="email" .value=${this.typed ?? this.email}
              @input=${(e: Event) => (this.typed = (e.target as HTMLInputElement).value)} />
            <button type="submit" class="primary" ?disabled=${this.busy}>${t.t('subscribe')}</button>
            ${this.status ? html`<p role="status">${this.status}</p>` : nothing}
          </form>`
        : nothing}
    </div>`;
  }
}
