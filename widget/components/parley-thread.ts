import { html, nothing } from 'lit/html.js';
import { repeat } from './repeat.ts';
import type { CommentView } from '../api-client.ts';
import { css } from '../styles/css.ts';
import { shared } from '../styles/shared.ts';
import { ParleyElement } from './element.ts';
import './parley-comment.ts';
import type { ParleyComment } from './parley-comment.ts';
import { COMMENT_PARTS } from './parts.ts';
import { emit } from '../events.ts';
import type { ThreadView } from './view.ts';

/** A top-level comment and its replies, nested by `parentId`, collapsible, with "show more replies". */
export class ParleyThread extends ParleyElement {
  static override properties = { root: { attribute: false }, replies: { attribute: false }, view: { attribute: false }, isLoadingReplies: { type: Boolean } };

  static override styles = [
    shared,
    css`
      :host {
        display: block;
        border-top: 1px solid var(--parley-border);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      ul ul {
        margin-inline-start: 1.25em;
        padding-inline-start: 0.75em;
        border-inline-start: 2px solid var(--parley-border);
      }
      .toggle,
      .more {
        margin-inline-start: 3.5em;
        font-size: 0.8125em;
      }
    `,
  ];

  root!: CommentView;
  replies: CommentView[] = [];
  view!: ThreadView;
  isLoadingReplies = false;

  /** Focuses comment `id` if this thread shows it; false if it does not. */
  focusComment(id: number, block: ScrollLogicalPosition = 'nearest'): boolean {
    const el = this.renderRoot.querySelector<ParleyComment>(`parley-comment[data-id="${id}"]`);
    if (!el) return false;
    el.scrollIntoView({ block });
    el.focus();
    return true;
  }

  private renderNode(c: CommentView, children: Map<number, CommentView[]>): unknown {
    const kids = children.get(c.id) ?? [];
    const isCollapsed = this.view.collapsed.has(c.id);
    const t = this.view.i18n;
    const count = this.countBelow(c.id, children);
    return html`<li>
      <parley-comment exportparts=${COMMENT_PARTS} data-id=${c.id} .comment=${c} .view=${this.view}></parley-comment>
      ${kids.length
        ? html`<button class="toggle" part="toggle" aria-expanded=${!isCollapsed} @click=${() => emit(this, 'parley-toggle', { id: c.id })}>
              ${isCollapsed ? t.plural('expand', count) : t.t('collapse')}
            </button>
            ${isCollapsed ? nothing : html`<ul>${repeat(kids, (k) => k.id, (k) => this.renderNode(k, children))}</ul>`}`
        : nothing}
    </li>`;
  }

  private countBelow(id: number, children: Map<number, CommentView[]>): number {
    return (children.get(id) ?? []).reduce((n, k) => n + 1 + this.countBelow(k.id, children), 0);
  }

  override render() {
    const children = new Map<number, CommentView[]>();
    for (const r of this.replies) {
      // A reply whose parent is not loaded yet hangs under the root until "show more" brings it.
      const parent = r.parentId !== null && (r.parentId === this.root.id || this.replies.some((x) => x.id === r.parentId)) ? r.parentId : this.root.id;
      children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    // `descendantCount` counts approved replies only: placeholders and own pending ones are extra.
    const shown = this.replies.filter((r) => r.status === 'approved').length;
    const missing = this.root.descendantCount - shown;
    const t = this.view.i18n;
    return html`<ul part="thread">${this.renderNode(this.root, children)}</ul>
      ${missing > 0 && !this.view.collapsed.has(this.root.id)
        ? html`<button class="more" part="more-replies" ?disabled=${this.isLoadingReplies}
            @click=${() => emit(this, 'parley-more-replies', { id: this.root.id })}>${t.plural('moreReplies', missing)}</button>`
        : nothing}`;
  }
}

customElements.define('parley-thread', ParleyThread);
