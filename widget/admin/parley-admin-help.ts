import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { AdminStrings } from './i18n/en.ts';
import { adminBase, adminDialog, deepActiveElement } from './styles.ts';

const KEYS = [
  ['j', 'key_j'],
  ['k', 'key_k'],
  ['x', 'key_x'],
  ['a', 'key_a'],
  ['r', 'key_r'],
  ['s', 'key_s'],
  ['b', 'key_b'],
  ['u', 'key_u'],
  ['?', 'key_help'],
] as const;

/** The `?` dialog: a modal `<dialog>`, so focus is trapped and Escape closes it natively. */
@customElement('parley-admin-help')
export class ParleyAdminHelp extends LitElement {
  static override styles = [
    adminBase,
    adminDialog,
    css`
      dialog {
        max-width: 30rem;
      }
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.4rem 1rem;
        margin: 0 0 1rem;
      }
      dt {
        font-weight: 700;
      }
      kbd {
        font: 600 0.9rem ui-monospace, monospace;
        padding: 0.05rem 0.4rem;
        border: 1px solid var(--_border);
        border-radius: 4px;
        background: var(--_surface);
      }
      dd {
        margin: 0;
      }
    `,
  ];

  @property({ attribute: false }) strings!: AdminStrings;
  @query('dialog') private dialog!: HTMLDialogElement;
  #returnFocus: HTMLElement | null = null;

  show() {
    if (this.dialog.open) return;
    this.#returnFocus = deepActiveElement();
    this.dialog.showModal();
  }

  #onClose = () => {
    this.#returnFocus?.focus();
    this.#returnFocus = null;
  };

  override render() {
    const t = this.strings;
    return html`<dialog aria-labelledby="help-title" @close=${this.#onClose}>
      <h2 id="help-title">${t.help}</h2>
      <dl>
        ${KEYS.map(([key, label]) => html`<dt><kbd>${key}</kbd></dt><dd>${t[label]}</dd>`)}
      </dl>
      <form method="dialog"><button class="primary" autofocus>${t.close}</button></form>
    </dialog>`;
  }
}

/** The focused element, looking through open shadow roots. */
declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-help': ParleyAdminHelp;
  }
}
