import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { I18n } from '../i18n/index.ts';
import { shared } from '../styles/shared.ts';
import { emit } from '../events.ts';

/** Up, score, down. Clicking the active arrow again takes the vote back. */
@customElement('parley-votes')
export class ParleyVotes extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: inline-flex;
        align-items: center;
        gap: 0.1em;
      }
      button {
        color: var(--parley-muted);
        padding: 0.1em 0.4em;
      }
      button[aria-pressed='true'] {
        color: var(--parley-accent);
        font-weight: 700;
      }
      .score {
        min-width: 1.5em;
        text-align: center;
        font-size: 0.875em;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @property({ type: Number }) commentId = 0;
  @property({ type: Number }) score = 0;
  @property({ type: Number }) value: 1 | -1 | 0 = 0;
  @property({ type: Boolean }) disabled = false;

  private vote(value: 1 | -1) {
    emit(this, 'parley-vote', { id: this.commentId, value: this.value === value ? 0 : value });
  }

  override render() {
    const t = this.i18n;
    return html`<button part="vote-up" aria-label=${t.t('voteUp')} aria-pressed=${this.value === 1} ?disabled=${this.disabled} @click=${() => this.vote(1)}>▲</button>
      <span part="score" class="score"><span class="visually-hidden">${t.t('score')}</span>${t.number(this.score)}</span>
      <button part="vote-down" aria-label=${t.t('voteDown')} aria-pressed=${this.value === -1} ?disabled=${this.disabled} @click=${() => this.vote(-1)}>▼</button>`;
  }
}
