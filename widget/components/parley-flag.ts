import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { FlagReason } from '../api-client.ts';
import type { I18n } from '../i18n/index.ts';
import '../i18n/en-more.ts';
import { shared } from '../styles/shared.ts';
import { emit } from '../events.ts';

const REASONS: FlagReason[] = ['spam', 'abuse', 'off_topic', 'other'];

/**
 * The open "Report" menu: a reason, then Report or Cancel. Its comment owns the Report button and
 * opens this; the code is its own chunk, fetched on the first click.
 */
@customElement('parley-flag')
export class ParleyFlag extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
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
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @property({ type: Number }) commentId = 0;
  @state() private reason: FlagReason = 'spam';

  private send(e: SubmitEvent) {
    e.preventDefault();
    emit(this, 'parley-flag', { id: this.commentId, reason: this.reason });
  }

  override render() {
    const t = this.i18n;
    return html`<form @submit=${this.send}>
      <fieldset>
        <legend>${t.t('reportWhy')}</legend>
        ${REASONS.map((r) => html`<label><input type="radio" name="reason" .value=${r} .checked=${this.reason === r}
          @change=${() => (this.reason = r)} />${t.t(`reason_${r}`)}</label>`)}
        <button type="submit" class="outline">${t.t('report')}</button>
        <button type="button" @click=${() => emit(this, 'parley-dismiss', null)}>${t.t('cancel')}</button>
      </fieldset>
    </form>`;
  }
}
