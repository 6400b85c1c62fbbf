import { html, nothing } from 'lit/html.js';
import type { CommentView } from '../api-client.ts';
import { css } from '../styles/css.ts';
import { shared } from '../styles/shared.ts';
import { avatar } from './avatar.ts';
import { ParleyElement } from './element.ts';
import { FORM_PARTS } from './parts.ts';
import { emit } from '../events.ts';
import type { ThreadView } from './view.ts';

/** One comment: who and when, the server-sanitised body, and what the reader may do with it. */
export class ParleyComment extends ParleyElement {
  static override properties = { comment: { attribute: false }, view: { attribute: false }, isConfirming: { state: true }, isFlagging: { state: true } };

  static override styles = [
    shared,
    css`
      article {
        display: grid;
        grid-template-columns: 40px 1fr;
        gap: 0 0.75em;
        padding: 0.75em 0.5em;
        border-radius: var(--parley-radius);
        scroll-margin-top: 4em;
      }
      article:focus {
        outline: none;
      }
      article:focus-visible {
        outline: 2px solid var(--parley-focus);
      }
      article.highlight {
        background: var(--parley-highlight);
      }
      .avatar {
        grid-row: span 3;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0.25em 0.6em;
      }
      .name {
        font-weight: 600;
      }
      .tag {
        font-size: 0.75em;
        padding: 0 0.5em;
        border-radius: 1em;
        border: 1px solid var(--parley-border);
        color: var(--parley-muted);
      }
      .tag.pending {
        background: var(--parley-pending-bg);
        color: var(--parley-pending-text);
        border-color: transparent;
      }
      a.time {
        color: var(--parley-muted);
        font-size: 0.8125em;
        text-decoration: none;
      }
      a.time:hover {
        text-decoration: underline;
      }
      .body :first-child {
        margin-top: 0.25em;
      }
      .body :last-child {
        margin-bottom: 0.25em;
      }
      .body a {
        color: var(--parley-accent);
      }
      .body blockquote {
        margin: 0.5em 0;
        padding-inline-start: 0.75em;
        border-inline-start: 3px solid var(--parley-border);
        color: var(--parley-muted);
      }
      .body code,
      .body pre {
        font-family: var(--parley-mono);
        font-size: 0.9em;
        background: var(--parley-surface);
        border-radius: 3px;
      }
      .body pre {
        padding: 0.5em;
        overflow-x: auto;
      }
      .deleted {
        font-style: italic;
      }
      footer {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.25em;
        margin-inline-start: -0.4em;
        position: relative;
      }
      .confirm {
        display: inline-flex;
        gap: 0.25em;
        align-items: center;
      }
      button.danger {
        color: var(--parley-danger);
      }
      .votes {
        display: inline-flex;
        align-items: center;
        gap: 0.1em;
      }
      .votes button {
        color: var(--parley-muted);
        padding: 0.1em 0.4em;
      }
      .votes button[aria-pressed='true'] {
        color: var(--parley-accent);
        font-weight: 700;
      }
      .score {
        min-width: 1.5em;
        text-align: center;
        font-size: 0.875em;
        font-variant-numeric: tabular-nums;
      }
      button.muted {
        color: var(--parley-muted);
      }
      .reply {
        grid-column: 2;
        margin-top: 0.5em;
      }
    `,
  ];

  comment!: CommentView;
  view!: ThreadView;
  private isConfirming = false;
  /** The Report menu is open (its code is its own chunk, fetched on the first click). */
  private isFlagging = false;

  /** Moves keyboard focus to this comment, e.g. after it was posted or opened by permalink. */
  override focus() {
    this.updateComplete.then(() => this.renderRoot.querySelector('article')?.focus());
  }

  private toggleFlag() {
    this.isFlagging = !this.isFlagging;
    if (this.isFlagging) void import('./parley-flag.ts');
  }

  /** Up, score, down. Clicking the active arrow again takes the vote back. */
  private renderVotes(id: number, score: number, value: number) {
    const t = this.view.i18n;
    const vote = (to: 1 | -1) => emit(this, 'parley-vote', { id, value: value === to ? 0 : to });
    return html`<span class="votes"><button part="vote-up" aria-label=${t.t('voteUp')} aria-pressed=${value === 1} @click=${() => vote(1)}>▲</button>
      <span part="score" class="score"><span class="visually-hidden">${t.t('score')}</span>${t.number(score)}</span>
      <button part="vote-down" aria-label=${t.t('voteDown')} aria-pressed=${value === -1} @click=${() => vote(-1)}>▼</button></span>`;
  }

  private renderActions(c: CommentView, v: ThreadView) {
    const t = v.i18n;
    const deadline = v.me?.editable[String(c.id)];
    const canChange = c.status !== 'deleted' && !!deadline && Date.parse(deadline) > v.now;
    const isApproved = c.status === 'approved';
    return html`<footer part="actions">
      ${isApproved
        ? this.renderVotes(c.id, c.score, v.me?.votes[String(c.id)] ?? 0)
        : nothing}
      ${isApproved && v.isOpen
        ? html`<button part="reply-button" aria-expanded=${v.active?.kind === 'reply' && v.active.id === c.id}
            @click=${() => emit(this, 'parley-open', { kind: 'reply', id: c.id })}>${t.t('reply')}</button>`
        : nothing}
      ${canChange && !this.isConfirming
        ? html`<button @click=${() => emit(this, 'parley-open', { kind: 'edit', id: c.id })}>${t.t('edit')}</button>
            <button class="danger" @click=${() => (this.isConfirming = true)}>${t.t('delete')}</button>`
        : nothing}
      ${this.isConfirming
        ? html`<span class="confirm" role="group" aria-label=${t.t('confirmDelete')}>
            <span>${t.t('confirmDelete')}</span>
            <button class="danger" @click=${() => emit(this, 'parley-delete', { id: c.id })}>${t.t('delete')}</button>
            <button @click=${() => (this.isConfirming = false)}>${t.t('keep')}</button>
          </span>`
        : nothing}
      ${isApproved && !canChange
        ? v.me?.flagged.includes(c.id)
          ? html`<span class="muted" part="flagged">${t.t('reported')}</span>`
          : html`<button class="muted" part="flag" aria-expanded=${this.isFlagging} @click=${this.toggleFlag}>${t.t('report')}</button>
              ${this.isFlagging
                ? html`<parley-flag .i18n=${t} .commentId=${c.id} @parley-flag=${() => (this.isFlagging = false)}
                    @parley-dismiss=${() => (this.isFlagging = false)}></parley-flag>`
                : nothing}`
        : nothing}
    </footer>`;
  }

  override render() {
    const c = this.comment;
    const v = this.view;
    const t = v.i18n;
    const isDeleted = c.status === 'deleted';
    const isEditing = v.active?.kind === 'edit' && v.active.id === c.id;
    const isReplying = v.active?.kind === 'reply' && v.active.id === c.id;
    const form = (mode: 'reply' | 'edit') => html`<parley-form exportparts=${FORM_PARTS} .i18n=${t} mode=${mode} .parentId=${c.id} .replyTo=${c.author.name}
      .initial=${mode === 'edit' ? v.sourceOf(c.id) : ''} .author=${v.author} ?busy=${v.busy} .error=${v.formError}
      .settings=${v.settings} .preview=${v.preview}></parley-form>`;
    return html`<article part="comment${c.id === v.highlightId ? ' highlighted' : ''}" class=${c.id === v.highlightId ? 'highlight' : ''}
      tabindex="-1" aria-labelledby="who" data-id=${c.id}>
      <div class="avatar">${avatar(c.author.avatarSeed)}</div>
      <header>
        <span class="name" id="who" part="author" dir="auto">${isDeleted ? '—' : c.author.name}</span>
        ${c.author.isGuest && !isDeleted ? html`<span class="tag" part="guest">${t.t('guest')}</span>` : nothing}
        ${c.status === 'pending' ? html`<span class="tag pending" part="pending">${t.t('awaitingModeration')}</span>` : nothing}
        <a class="time" href="#comment-${c.id}" part="permalink" title=${t.t('permalink')}
          ><time datetime=${c.createdAt} title=${t.date(c.createdAt)}>${t.ago(c.createdAt, v.now)}</time></a>
        ${c.editedAt && !isDeleted ? html`<span class="muted">${t.t('edited')}</span>` : nothing}
      </header>
      ${isEditing
        ? form('edit')
        : isDeleted
          ? html`<div class="body" part="body" dir="auto"><p class="deleted muted">${t.t('deleted')}</p></div>`
          : // The server's sanitised HTML; a property, not a directive, keeps Lit's directive code out of the first download.
            html`<div class="body" part="body" dir="auto" .innerHTML=${c.bodyHtml}></div>`}
      ${isEditing || isDeleted ? nothing : this.renderActions(c, v)}
      ${isReplying ? html`<div class="reply">${form('reply')}</div>` : nothing}
    </article>`;
  }
}

customElements.define('parley-comment', ParleyComment);
