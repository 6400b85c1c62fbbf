import { html } from 'lit/html.js';
import type { FlagReason } from '../api-client.ts';
import type { I18n } from '../i18n/index.ts';
import '../i18n/en-more.ts';
import { css } from '../styles/css.ts';
import { shared } from '../styles/shared.ts';
import { ParleyElement } from './element.ts';
import { emit } from '../events.ts';

const REASONS: FlagReason[] = ['spam', 'abuse', 'off_topic', 'other'];

/**
 * The open "Report" menu: a reason, then Report or Cancel. Its comment owns the Report button and
 * opens this; the code is its own chunk, fetched on the first click. It opens over what follows,
 * under the comment's actions (whose footer is its containing block), so no text moves; Escape
 * closes it and gives focus back to the Report button.
 */
export class ParleyFlag extends ParleyElement {
  static override properties = { i18n: { attribute: false }, commentId: { type: Number }, reason: { state: true } };

  static override styles = [
    shared,
    css`
      :host {
        display: block;
        position: absolute;
        top: 100%;
        inset-inline-start: 0.4em;
        z-index: 2;
        width: max-content;
        max-width: min(22em, 90vw);
      }
      fieldset {
        margin: 0.25em 0 0;
        box-shadow: 0 2px 10px rgb(0 0 0 / 0.25);
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

  i18n!: I18n;
  commentId = 0;
  private reason: FlagReason = 'spam';

  protected override firstUpdated() {
    this.renderRoot.querySelector<HTMLInputElement>('input:checked')?.focus();
  }

  private close(e: KeyboardEvent) {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    (this.previousElementSibling as HTMLElement | null)?.focus();
    emit(this, 'parley-dismiss', null);
  }

  private send(e: SubmitEvent) {
    e.preventDefault();
    emit(this, 'parley-flag', { id: this.commentId, reason: this.reason });
  }

  override render() {
    const t = this.i18n;
    return html`<form @submit=${this.send} @keydown=${this.close}>
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

customElements.define('parley-flag', ParleyFlag);
