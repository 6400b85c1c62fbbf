import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { FlagReason } from '../api-client.ts';
import type { I18n } from '../i18n/index.ts';
import { shared } from '../styles/shared.ts';
import { emit } from '../events.ts';

const REASONS: FlagReason[] = ['spam', 'abuse', 'off_topic', 'other'];

/** "Report" with a reason; once reported, it says so and stays quiet. */
@customElement('parley-flag')
export class ParleyFlag extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: inline-block;
      }
      fieldset {
        margin: 0.5em 0 0;
        padding: 0.5em 0.75em;
        border: 1px solid var(--parley-border);
        border-radius: var(--parley-radius);
        background: var(--parley-surface);
      }
      legend {
        font-size: 0.875em;
        padding: 0 0.25em;
      }
      label {
        display: block;
        color: var(--parley-text);
      }
      input {
        width: auto;
        margin-inline-end: 0.4em;
      }
      button.muted {
        color: var(--parley-muted);
      }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @property({ type: Number }) commentId = 0;
  @property({ type: Boolean }) flagged = false;
  @state() private open = false;
  @state() private reason: FlagReason = 'spam';

  private send(e: SubmitEvent) {
    e.preventDefault();
    this.open = false;
    emit(this, 'parley-flag', { id: this.commentId, reason: this.reason });
  }

  override render() {
    const t = this.i18n;
    if (this.flagged) return html`<span class="muted" part="flagged">${t.t('reported')}</span>`;
    return html`<button class="muted" part="flag" aria-expanded=${this.open} @click=${() => (this.open = !this.open)}>${t.t('report')}</button>
      ${this.open
        ? html`<form @submit=${this.send}>
            <fieldset>
              <legend>${t.t('reportWhy')}</legend>
              ${REASONS.map((r) => html`<label><input type="radio" name="reason" .value=${r} .checked=${this.reason === r}
                @change=${() => (this.reason = r)} />${t.t(`reason_${r}`)}</label>`)}
              <button type="submit" class="outline">${t.t('report')}</button>
              <button type="button" @click=${() => (this.open = false)}>${t.t('cancel')}</button>
            </fieldset>
          </form>`
        : nothing}`;
  }
}
