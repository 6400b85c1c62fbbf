import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AdminSite, EmailStatus, OutboxStatus, TestMailResult } from './api.ts';
import { errorMessage } from './format.ts';
import { AdminScreen, ScreenController } from './screen-controller.ts';
import './parley-admin-outbox.ts';
import './parley-admin-subscriptions.ts';

const STATUSES: OutboxStatus[] = ['queued', 'sent', 'failed', 'kept', 'cancelled'];

/**
 * Admins only: how mail leaves (SMTP, or the dev mailbox when none is configured), a test mail
 * that shows the SMTP server's own answer, the outbox, and the subscriptions of one page.
 */
@customElement('parley-admin-email')
export class ParleyAdminEmail extends AdminScreen {
  static override styles = [
    ...AdminScreen.styles,
    css`
      .notice {
        background: var(--_warn-bg);
        color: var(--_warn-text);
        border: 1px solid currentColor;
        border-radius: var(--_radius);
        padding: 0.5rem 0.75rem;
        max-width: 48rem;
      }
      .counts {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 1.25rem;
        list-style: none;
        padding: 0;
        margin: 0 0 1rem;
      }
      .counts .n {
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .test-result code {
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property({ attribute: false }) sites: AdminSite[] = [];

  @state() private testResult: TestMailResult | null = null;
  /** A failure to ask the server at all (not the SMTP server's refusal, which is `testResult`). */
  @state() private testError = '';
  @state() private isSending = false;

  readonly #status = new ScreenController<EmailStatus>(this, () => this.api.emailStatus());

  protected override refresh() {
    void this.#status.load();
  }

  async #sendTest(event: SubmitEvent) {
    event.preventDefault();
    const to = String(new FormData(event.target as HTMLFormElement).get('to') ?? '').trim();
    const t = this.strings;
    this.isSending = true;
    this.testResult = null;
    this.testError = '';
    try {
      const result = await this.api.sendTestMail(to);
      this.testResult = result;
      // Shown under the form, and read out once by the shell's status line, word for word.
      this.announce(result.ok ? t.testMailAccepted(result.response) : t.testMailFailed(result.error), !result.ok);
    } catch (error) {
      this.testError = errorMessage(error, t);
      this.announce(this.testError, true);
    } finally {
      this.isSending = false;
    }
  }

  #renderStatus(status: EmailStatus) {
    const t = this.strings;
    const isDev = status.mode === 'dev';
    return html`<section aria-labelledby="mail-sending">
      <h3 id="mail-sending">${t.mailSending}</h3>
      <p class=${isDev ? 'notice' : ''} data-mode=${status.mode}>${isDev ? t.mailModeDev : t.mailModeSmtp(status.description, status.from)}</p>
      <ul class="counts" aria-label=${t.mailCounts}>
        ${STATUSES.map((s) => html`<li data-status=${s}><span class="n">${status.counts[s] ?? 0}</span> ${t[`outboxStatus_${s}`]}</li>`)}
      </ul>
    </section>`;
  }

  #renderTest(status: EmailStatus) {
    const t = this.strings;
    if (status.mode === 'dev') return nothing;
    const r = this.testResult;
    return html`<section aria-labelledby="mail-test">
      <h3 id="mail-test">${t.testMailTitle}</h3>
      <form class="inline-form" @submit=${this.#sendTest} aria-labelledby="mail-test">
        <div class="field">
          <label for="mail-test-to">${t.testMailTo}</label>
          <input id="mail-test-to" name="to" type="email" autocomplete="email" required />
        </div>
        <button class="primary" type="submit" ?disabled=${this.isSending}>${this.isSending ? t.testMailSending : t.testMailSend}</button>
      </form>
      <div class="test-result">
        ${r?.ok ? html`<p class="ok">${t.testMailAnswer} <code>${r.response}</code></p>` : nothing}
        ${r && !r.ok ? html`<p class="error">${t.testMailError} <code>${r.error}</code></p>` : nothing}
        ${this.testError ? html`<p class="error">${this.testError}</p>` : nothing}
      </div>
    </section>`;
  }

  override render() {
    const t = this.strings;
    const status = this.#status.value;
    return html`<h2 tabindex="-1">${t.screen_email}</h2>
      ${this.#status.render((s) => html`${this.#renderStatus(s)}${this.#renderTest(s)}`)}
      ${status
        ? html`<parley-admin-outbox
            .api=${this.api}
            .strings=${this.strings}
            .site=${this.site}
            .liveTick=${this.liveTick}
            .isDevMailbox=${status.mode === 'dev'}
            @parley-admin-mail-changed=${() => void this.#status.load()}
          ></parley-admin-outbox>`
        : nothing}
      <parley-admin-subscriptions .api=${this.api} .strings=${this.strings} .site=${this.site} .sites=${this.sites}></parley-admin-subscriptions>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-email': ParleyAdminEmail;
  }
}
