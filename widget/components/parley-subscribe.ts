import { html, nothing } from 'lit/html.js';
import type { SubscriptionKind, SubscriptionState } from '../api-client.ts';
import { emit } from '../events.ts';
import '../i18n/en-more.ts';
import type { I18n } from '../i18n/index.ts';
import { subscribeStrings } from '../i18n/subscribe.ts';
import { css } from '../styles/css.ts';
import { shared } from '../styles/shared.ts';
import type { Author, ThreadState } from '../thread-state.ts';
import { ParleyElement, type Changed } from './element.ts';
import { checkEmail } from './form-checks.ts';

/**
 * wpDiscuz's Subscribe menu: "Notify of" new follow-up comments or new replies to my comments; a
 * guest gives an address, a signed-in reader's is the one their site signed. Below, what the
 * reader is subscribed to here, each waiting for the link in the mail or confirmed, with
 * Unsubscribe. It renders the store's state and sends intents up. The header owns the Subscribe
 * button, opens and closes this; the code is its own chunk, fetched on the first click. A guest's
 * address is checked before it is sent, and a refused one is marked, described and focused, like
 * the comment form's fields.
 */
export class ParleySubscribe extends ParleyElement {
  static override properties = { i18n: { attribute: false }, author: { attribute: false }, subscriptions: { attribute: false }, status: { attribute: false }, busy: { type: Boolean }, open: { type: Boolean }, kind: { state: true }, typed: { state: true }, checked: { state: true }, dismissed: { state: true } };

  static override styles = [
    shared,
    css`
      :host {
        position: absolute;
        inset-inline-end: 0;
        top: 100%;
        z-index: 2;
      }
      .box {
        width: min(22em, 90vw);
        margin-top: 0.25em;
        padding: 0.75em;
        background: var(--parley-bg);
        border: 1px solid var(--parley-border);
        border-radius: var(--parley-radius);
        box-shadow: 0 4px 16px rgb(0 0 0 / 0.15);
      }
      form,
      ul {
        display: grid;
        gap: 0.5em;
      }
      p {
        margin: 0;
        font-size: 0.875em;
      }
      ul {
        list-style: none;
        margin: 0.75em 0 0;
        padding: 0.75em 0 0;
        border-top: 1px solid var(--parley-border);
        font-size: 0.875em;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.25em;
      }
    `,
  ];

  i18n!: I18n;
  author: Author = { name: '', email: '' };
  subscriptions?: readonly SubscriptionState[];
  /** The server's answer to the last request. */
  status: ThreadState['subscribeStatus'] = null;
  busy = false;
  /** Closed, it shows nothing but keeps what was typed and picked. */
  open = false;
  private kind: SubscriptionKind = 'page';
  private typed: string | null = null;
  /** What the check before sending found wrong with the address; goes when the reader edits it. */
  private checked = '';
  /** The server's error once the reader has edited the address it was about. */
  private dismissed: ThreadState['subscribeStatus'] = null;

  /** While open: what closes it. */
  #closers: AbortController | null = null;

  /**
   * Open, the menu closes on a click anywhere outside it and its Subscribe button, as any dropdown
   * does, and on Escape there, which gives focus back to the button; its owner hears `parley-dismiss`.
   */
  #closeOn(isOpen: boolean) {
    this.#closers?.abort();
    this.#closers = null;
    const owner = this.parentElement;
    if (!isOpen || !owner) return;
    const { signal } = (this.#closers = new AbortController());
    document.addEventListener('click', (e) => !e.composedPath().includes(owner) && emit(this, 'parley-dismiss', null), { signal });
    owner.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      owner.querySelector('button')?.focus();
      emit(this, 'parley-dismiss', null);
    }, { signal });
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#closeOn(false);
  }

  // While busy the button stays focusable (aria-disabled, not disabled): Escape still reaches the menu.
  override updated(changed: Changed) {
    if (changed.has('open')) this.#closeOn(this.open);
    if (changed.has('open') && this.open) {
      // What the reader is subscribed to, fresh each time the menu opens (a mail's link may have confirmed one).
      emit(this, 'parley-subscribe', null);
      this.renderRoot.querySelector('select')?.focus();
    }
    // The server refused the address: the reader goes to it.
    if (changed.has('status') && this.emailError) this.renderRoot.querySelector<HTMLElement>('#sub-email')?.focus();
  }

  /** The address's problem: found here before sending, or the server's answer about it. */
  private get emailError(): string {
    const s = this.status;
    if (this.author.isSignedIn) return '';
    return this.checked || (typeof s === 'object' && s?.field === 'email' && s !== this.dismissed ? s.error : '');
  }

  private async send(e: SubmitEvent) {
    e.preventDefault();
    if (this.busy) return;
    const email = this.author.isSignedIn ? '' : (this.typed ?? this.author.email).trim();
    const problem = this.author.isSignedIn ? undefined : checkEmail(this.i18n, email, 'emailForSubscribe');
    // Emptied first, so the live region changes and the same words are read out again on a second try.
    this.checked = '';
    if (!problem) {
      emit(this, 'parley-subscribe', { email, kind: this.kind });
      return;
    }
    await this.updateComplete;
    this.checked = problem;
    this.dismissed = this.status;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#sub-email')?.focus();
  }

  override render() {
    const t = this.i18n;
    const w = subscribeStrings[t.locale];
    const subs = this.subscriptions ?? [];
    const status = this.status;
    if (!this.open) return nothing;
    const emailError = this.emailError;
    // Anything else the server said (or what happened), under the button.
    const said = typeof status === 'string' ? w[status] : status && !emailError && status !== this.dismissed ? status.error : '';
    return html`<div class="box"><form id="subscribe-form" part="subscribe-menu" aria-label=${t.t('subscribe')} @submit=${this.send} novalidate>
        <label for="kind">${w.notifyOf}</label>
        <select id="kind" @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as SubscriptionKind)}>
          <option value="page" ?selected=${this.kind === 'page'}>${w.notifyPage}</option>
          <option value="replies" ?selected=${this.kind === 'replies'}>${w.notifyReplies}</option>
        </select>
        ${this.author.isSignedIn
          ? html`<p class="muted">${w.mailGoesTo.replace('{email}', this.author.email)}</p>`
          : html`<label for="sub-email">${w.email}</label>
              <input id="sub-email" type="email" required autocomplete="email" .value=${this.typed ?? this.author.email}
                aria-invalid=${emailError ? 'true' : 'false'} aria-describedby=${emailError ? 'sub-email-error' : nothing}
                @input=${(e: Event) => ((this.typed = (e.target as HTMLInputElement).value), (this.checked = ''), (this.dismissed = this.status))} />
              ${emailError ? html`<p id="sub-email-error" class="error">${emailError}</p>` : nothing}`}
        <button type="submit" class="primary" aria-disabled=${this.busy}>${t.t('subscribe')}</button>
        <p role="status" class=${typeof status === 'object' && status ? 'error' : ''}>${said}${emailError
          ? html`<span class="visually-hidden">${emailError}</span>`
          : nothing}</p>
      </form>
      ${subs.length
        ? html`<ul aria-label=${w.yourSubscriptions}>
            ${subs.map(
              (s) => html`<li data-state=${s.state}>
                <span>${s.kind === 'page' ? w.notifyPage : w.notifyReplies}: <strong>${s.state === 'subscribed' ? w.subConfirmed : w.subPending}</strong></span>
                <button type="button" class="outline" @click=${() => emit(this, 'parley-subscribe', { id: s.id })}>${w.unsubscribe}</button>
              </li>`,
            )}
          </ul>`
        : nothing}</div>`;
  }
}

customElements.define('parley-subscribe', ParleySubscribe);
