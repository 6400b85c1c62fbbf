import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { QueueItem } from './api.ts';
import { emit, type AdminEvents } from './events.ts';
import type { AdminStrings } from './i18n/en.ts';
import { adminBase, adminDialog, deepActiveElement } from './styles.ts';

const DURATIONS = [
  ['1', 'banDay'],
  ['7', 'banWeek'],
  ['30', 'banMonth'],
  ['', 'banForever'],
] as const;

/**
 * Asks how long and why before banning a comment's author, and whether their comments waiting for
 * review are rejected with the ban or kept; confirms with Enter.
 */
@customElement('parley-admin-ban-dialog')
export class ParleyAdminBanDialog extends LitElement {
  static override styles = [
    adminBase,
    adminDialog,
    css`
      dialog {
        width: min(92vw, 28rem);
      }
      .field {
        margin-bottom: 0.8rem;
      }
      input[type='text'],
      select {
        width: 100%;
      }
      .check {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        font-weight: 400;
      }
      fieldset {
        border: 0;
        margin: 0 0 0.8rem;
        padding: 0;
      }
      legend {
        font-weight: 600;
        padding: 0;
        margin-bottom: 0.25rem;
      }
      .buttons {
        display: flex;
        gap: 0.5rem;
        justify-content: flex-end;
      }
    `,
  ];

  @property({ attribute: false }) strings!: AdminStrings;
  /** How many comments the author has waiting for review, once the owner knows (`isMore`: at least). */
  @property({ attribute: false }) pending: { count: number; isMore: boolean } | null = null;
  @state() private item: QueueItem | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('form') private form!: HTMLFormElement;
  @query('button[type=submit]') private confirmButton!: HTMLButtonElement;
  #returnFocus: HTMLElement | null = null;
  #confirmed: AdminEvents['parley-admin-ban-confirm'] | null = null;

  async show(item: QueueItem) {
    this.#returnFocus = deepActiveElement();
    this.#confirmed = null;
    this.item = item;
    await this.updateComplete;
    this.form.reset();
    this.dialog.showModal();
    this.confirmButton.focus();
  }

  #submit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(this.form);
    const days = String(data.get('days') ?? '');
    if (this.item) {
      this.#confirmed = {
        commentId: this.item.comment.id,
        reason: String(data.get('reason') ?? ''),
        days: days ? Number(days) : null,
        email: data.get('email') === 'on',
        ip: data.get('ip') === 'on',
        pendingComments: data.get('pending') === 'keep' ? 'keep' : 'reject',
      };
    }
    this.dialog.close();
  }

  /** Focus goes back first, then the ban is asked for: its owner then knows where the moderator was. */
  #onClose = () => {
    this.#returnFocus?.focus();
    this.#returnFocus = null;
    const confirmed = this.#confirmed;
    this.#confirmed = null;
    if (confirmed) emit(this, 'parley-admin-ban-confirm', confirmed);
  };

  override render() {
    const t = this.strings;
    const name = this.item?.comment.authorName ?? '';
    return html`<dialog aria-labelledby="ban-title" @close=${this.#onClose}>
      <h2 id="ban-title">${t.banTitle(name)}</h2>
      <form @submit=${this.#submit}>
        <div class="field">
          <label for="ban-reason">${t.banReason}</label>
          <input id="ban-reason" name="reason" type="text" maxlength="500" />
        </div>
        <div class="field">
          <label for="ban-days">${t.banDuration}</label>
          <select id="ban-days" name="days">
            ${DURATIONS.map(([value, key]) => html`<option value=${value} ?selected=${value === ''}>${t[key]}</option>`)}
          </select>
        </div>
        ${this.item?.author.email
          ? html`<div class="field"><label class="check"><input type="checkbox" name="email" checked />${t.banAlsoEmail}</label></div>`
          : nothing}
        <div class="field"><label class="check"><input type="checkbox" name="ip" />${t.banAlsoIp}</label></div>
        <fieldset>
          <legend>${t.banPending(this.pending?.count ?? null, this.pending?.isMore)}</legend>
          <label class="check"><input type="radio" name="pending" value="reject" checked />${t.banPendingReject}</label>
          <label class="check"><input type="radio" name="pending" value="keep" />${t.banPendingKeep}</label>
        </fieldset>
        <div class="buttons">
          <button type="button" @click=${() => this.dialog.close()}>${t.cancel}</button>
          <button type="submit" class="primary">${t.banConfirm}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-ban-dialog': ParleyAdminBanDialog;
  }
}
