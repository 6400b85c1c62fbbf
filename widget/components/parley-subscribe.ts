import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SubscriptionKind } from '../api-client.ts';
import type { I18n } from '../i18n/index.ts';
import '../i18n/en-more.ts';
import { shared } from '../styles/shared.ts';
import { emit } from '../events.ts';

/**
 * wpDiscuz's Subscribe menu: "Notify of" new follow-up comments, or new replies to my comments.
 * The header owns the Subscribe button and opens this; the code is its own chunk, fetched on the
 * first click.
 */
@customElement('parley-subscribe')
export class ParleySubscribe extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        position: absolute;
        inset-inline-end: 0;
        top: 100%;
        z-index: 2;
      }
      form {
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
  /** Closed, it shows nothing but keeps what was typed and picked. */
  @property({ type: Boolean }) open = false;
  @state() private kind: SubscriptionKind = 'page';
  @state() private typed: string | null = null;

  private send(e: SubmitEvent) {
    e.preventDefault();
    emit(this, 'parley-subscribe', { email: (this.typed ?? this.email).trim(), kind: this.kind });
  }

  override render() {
    const t = this.i18n;
    if (!this.open) return nothing;
    return html`<form part="subscribe-menu" @submit=${this.send}>
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
    </form>`;
  }
}
