import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { AdminStrings } from './i18n/en.ts';
import { adminBase, adminDialog, deepActiveElement } from './styles.ts';

export type ConfirmQuestion = { title: string; text: string; confirm: string };

/**
 * A modal question before an action that cannot be undone: says what will happen, answers true
 * for the confirm button and false for Cancel or Escape; focus starts on Cancel and goes back
 * where it was.
 */
@customElement('parley-admin-confirm')
export class ParleyAdminConfirm extends LitElement {
  static override styles = [
    adminBase,
    adminDialog,
    css`
      dialog {
        width: min(92vw, 30rem);
      }
      .buttons {
        display: flex;
        gap: 0.5rem;
        justify-content: flex-end;
      }
    `,
  ];

  @property({ attribute: false }) strings!: AdminStrings;
  @state() private question: ConfirmQuestion = { title: '', text: '', confirm: '' };
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('button') private cancelButton!: HTMLButtonElement;
  #answer: ((isConfirmed: boolean) => void) | null = null;
  #isConfirmed = false;
  #returnFocus: HTMLElement | null = null;

  async ask(question: ConfirmQuestion): Promise<boolean> {
    this.#returnFocus = deepActiveElement();
    this.question = question;
    this.#isConfirmed = false;
    await this.updateComplete;
    this.dialog.showModal();
    this.cancelButton.focus();
    return new Promise((resolve) => (this.#answer = resolve));
  }

  #onClose = () => {
    this.#returnFocus?.focus();
    this.#returnFocus = null;
    this.#answer?.(this.#isConfirmed);
    this.#answer = null;
  };

  override render() {
    const t = this.strings;
    const q = this.question;
    return html`<dialog aria-labelledby="confirm-title" aria-describedby="confirm-text" @close=${this.#onClose}>
      <h2 id="confirm-title">${q.title}</h2>
      <p id="confirm-text">${q.text}</p>
      <div class="buttons">
        <button type="button" @click=${() => this.dialog.close()}>${t.cancel}</button>
        <button
          type="button"
          class="primary"
          @click=${() => {
            this.#isConfirmed = true;
            this.dialog.close();
          }}
        >
          ${q.confirm}
        </button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-confirm': ParleyAdminConfirm;
  }
}
