import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { OutboxStatus, OutboxView } from './api.ts';
import { emit } from './events.ts';
import { errorMessage, formatDate } from './format.ts';
import type { AdminStrings } from './i18n/en.ts';
import { AdminScreen, ListController } from './screen-controller.ts';

const PAGE_SIZE = 25;
const FILTERS: OutboxStatus[] = ['queued', 'sent', 'failed', 'kept', 'cancelled'];
/** After "Retry now" the worker sends within moments, but no event says when: look again this often, this many times. */
const FOLLOW_MS = 500;
const FOLLOW_TRIES = 40;

const KINDS = new Set(['confirm', 'comment', 'pending']);
const kindLabel = (kind: string, t: AdminStrings) => (KINDS.has(kind) ? t[`mailKind_${kind as 'confirm' | 'comment' | 'pending'}`] : kind);

/** A mail's text with its http(s) links clickable (a confirmation link, say); everything else stays text. */
function linkified(text: string) {
  return text.split(/(https?:\/\/[^\s<>"]+)/g).map((part, i) => (i % 2 ? html`<a href=${part} target="_blank" rel="noopener noreferrer">${part}</a>` : part));
}

/**
 * The outbox, newest first: queued, sent and failed mails with the server's answer, and "Retry now"
 * on a failed one. With no SMTP configured it is the dev mailbox: each mail can be opened and read.
 */
@customElement('parley-admin-outbox')
export class ParleyAdminOutbox extends AdminScreen {
  static override styles = [
    ...AdminScreen.styles,
    css`
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: flex-end;
        margin-bottom: 0.75rem;
      }
      .toolbar label {
        margin: 0;
      }
      tr.letter > td {
        background: var(--_surface);
      }
      .letter dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.1rem 0.75rem;
        margin: 0 0 0.75rem;
      }
      .letter dt {
        font-weight: 600;
      }
      .letter dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .letter pre {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        font: inherit;
        margin: 0;
        padding: 0.75rem;
        background: var(--_bg);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      .to,
      .subject {
        overflow-wrap: break-word;
      }
      td .muted {
        font-size: 0.85rem;
      }
      .answer {
        font-size: 0.85rem;
        overflow-wrap: anywhere;
      }
      .actions {
        display: flex;
        gap: 0.4rem;
        flex-wrap: wrap;
      }
    `,
  ];

  /** No SMTP configured: the list is the dev mailbox, and each mail keeps its text. */
  @property({ type: Boolean }) isDevMailbox = false;

  @state() private filter: OutboxStatus | '' = '';
  /** The mails opened for reading, by id. */
  @state() private opened = new Set<number>();

  readonly #mails = new ListController<OutboxView>(this, async (cursor) => {
    const page = await this.api.outbox({ ...(this.filter ? { status: this.filter } : {}), before: cursor ? Number(cursor) : null, limit: PAGE_SIZE });
    return { items: page.rows, nextCursor: page.nextBefore === null ? null : String(page.nextBefore) };
  });

  protected override refresh() {
    void this.#mails.load();
  }

  /** New mails come with new comments: reload the first page, unless the admin paged further back. */
  protected override liveRefresh() {
    if (this.#mails.items.length <= PAGE_SIZE) this.refresh();
  }

  #setFilter(value: string) {
    this.filter = value as OutboxStatus | '';
    void this.#mails.load();
  }

  #replace(mail: OutboxView) {
    this.#mails.update((mails) => mails.map((m) => (m.id === mail.id ? mail : m)));
  }

  #toggle(id: number) {
    const opened = new Set(this.opened);
    if (!opened.delete(id)) opened.add(id);
    this.opened = opened;
  }

  async #retry(mail: OutboxView) {
    const t = this.strings;
    const to = mail.recipient ?? '—';
    try {
      const queued = await this.api.retryMail(mail.id);
      this.#replace(queued);
      this.announce(t.mailRetried(to));
      emit(this, 'parley-admin-mail-changed', {});
      // The button is gone with the failure: keep the focus on the mail's row.
      await this.updateComplete;
      (this.renderRoot.querySelector(`tr[data-mail-id="${mail.id}"]`) as HTMLElement | null)?.focus();
      const after = await this.#follow(queued);
      if (after?.status === 'sent') this.announce(t.mailRetrySent(to, after.lastResponse ?? ''));
      else if (after && (after.status === 'failed' || after.attempts > queued.attempts)) this.announce(t.mailRetryFailed(to, after.lastError ?? ''), true);
      emit(this, 'parley-admin-mail-changed', {});
    } catch (error) {
      this.announce(errorMessage(error, t), true);
    }
  }

  /** Looks at a retried mail until the worker has tried it (sent, failed, or put off after a refusal). */
  async #follow(queued: OutboxView): Promise<OutboxView | null> {
    for (let i = 0; i < FOLLOW_TRIES && this.isConnected; i++) {
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_MS));
      const mail = (await this.api.outbox({ before: queued.id + 1, limit: 1 })).rows[0];
      if (mail?.id !== queued.id) return null;
      this.#replace(mail);
      if (mail.status !== 'queued' || mail.attempts > queued.attempts) return mail;
    }
    return null;
  }

  #renderAnswer(m: OutboxView) {
    if (m.lastError && m.status !== 'sent') return html`<code class="answer error">${m.lastError}</code>`;
    if (m.lastResponse) return html`<code class="answer">${m.lastResponse}</code>`;
    return html`<span class="muted">—</span>`;
  }

  #renderLetter(m: OutboxView) {
    const t = this.strings;
    const message = m.message!;
    const headers = Object.entries(message.headers ?? {});
    return html`<tr class="letter">
      <td colspan="6">
        <section id="letter-${m.id}" aria-label=${t.mailLetter(message.subject || t.noSubject, m.recipient ?? '—')}>
          <dl>
            <dt>${t.mailTo}</dt>
            <dd>${m.recipient ?? '—'}</dd>
            <dt>${t.mailSubject}</dt>
            <dd>${message.subject || t.noSubject}</dd>
            ${headers.map(([name, value]) => html`<dt>${name}</dt><dd>${value}</dd>`)}
          </dl>
          <pre>${linkified(message.text ?? '')}</pre>
        </section>
      </td>
    </tr>`;
  }

  #renderRow(m: OutboxView) {
    const t = this.strings;
    const subject = m.message?.subject || t.noSubject;
    const to = m.recipient ?? '—';
    const isReadable = m.message?.text !== undefined;
    const isOpen = isReadable && this.opened.has(m.id);
    return html`<tr data-mail-id=${m.id} data-status=${m.status} tabindex="-1">
        <td class="to">${to}<div class="muted"><time datetime=${m.createdAt}>${formatDate(m.createdAt)}</time></div></td>
        <td class="subject">${subject}<div class="muted">${kindLabel(m.kind, t)}</div></td>
        <td class="status">${t[`outboxStatus_${m.status}`]}</td>
        <td>${m.attempts}</td>
        <td>${this.#renderAnswer(m)}</td>
        <td>
          <div class="actions">
            ${isReadable
              ? html`<button aria-expanded=${isOpen ? 'true' : 'false'} aria-controls="letter-${m.id}" aria-label=${t.readMailLabel(subject, to)} @click=${() => this.#toggle(m.id)}>
                  ${t.readMail}
                </button>`
              : nothing}
            ${m.status === 'failed' ? html`<button aria-label=${t.retryMailLabel(to)} @click=${() => this.#retry(m)}>${t.retryNow}</button>` : nothing}
          </div>
        </td>
      </tr>
      ${isOpen ? this.#renderLetter(m) : nothing}`;
  }

  override render() {
    const t = this.strings;
    return html`<section aria-labelledby="outbox-title">
      <h3 id="outbox-title">${this.isDevMailbox ? t.devMailboxTitle : t.outboxTitle}</h3>
      <p class="muted">${this.isDevMailbox ? t.devMailboxHelp : t.outboxHelp}</p>
      <div class="toolbar">
        <div>
          <label for="outbox-filter">${t.outboxFilter}</label>
          <select id="outbox-filter" @change=${(e: Event) => this.#setFilter((e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${this.filter === ''}>${t.outboxAll}</option>
            ${FILTERS.map((s) => html`<option value=${s} ?selected=${this.filter === s}>${t[`outboxStatus_${s}`]}</option>`)}
          </select>
        </div>
        <button @click=${() => this.refresh()}>${t.refresh}</button>
      </div>
      ${this.#mails.render(
        (mails) => html`<div class="wrap">
          <table aria-labelledby="outbox-title">
            <thead>
              <tr>
                <th scope="col">${t.mailTo}</th>
                <th scope="col">${t.mailSubject}</th>
                <th scope="col">${t.mailStatus}</th>
                <th scope="col">${t.mailAttempts}</th>
                <th scope="col">${t.mailAnswer}</th>
                <th scope="col"><span class="visually-hidden">${t.actions}</span></th>
              </tr>
            </thead>
            <tbody>
              ${mails.map((m) => this.#renderRow(m))}
            </tbody>
          </table>
        </div>`,
        t.noMails,
      )}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-outbox': ParleyAdminOutbox;
  }
}
