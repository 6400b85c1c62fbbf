import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { AuditEntry } from './api.ts';
import { formatDate } from './format.ts';
import { AdminScreen, ListController } from './screen-controller.ts';

const PAGE_SIZE = 50;

/**
 * Fields an audit row must never show, whatever a future writer puts there: a reader's words, address
 * or hashes. Erasure empties the reader's rows; the log keeps no copy of them.
 */
const HIDDEN = new Set(['body', 'bodyMd', 'bodyHtml', 'ipHash', 'tokenHash', 'authorName', 'authorEmail', 'email']);
/** A moderator's own name and address are what their audit rows are about. */
const HIDDEN_FOR_MODERATOR = new Set([...HIDDEN].filter((k) => k !== 'email'));
const MAX_SHOWN = 120;

/** `{ settings: { moderationMode: 'all' } }` → `[['settings.moderationMode', 'all']]`; lists and scalars are leaves. */
function flatten(value: unknown, hidden: Set<string>, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (!hidden.has(k)) flatten(v, hidden, prefix ? `${prefix}.${k}` : k, into);
    }
  } else if (prefix) {
    into.set(prefix, value);
  }
  return into;
}

function shown(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  const text = Array.isArray(value) ? (value.length ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ') : '—') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/**
 * What an action changed, field by field: only the fields whose value differs, as
 * `[field, before, after]`; a creation (no before) lists every field set, a removal (no after) every field.
 */
export function auditChanges(before: unknown, after: unknown, targetType = ''): Array<[string, string | null, string | null]> {
  const hidden = targetType === 'moderator' ? HIDDEN_FOR_MODERATOR : HIDDEN;
  const b = flatten(before, hidden);
  const a = flatten(after, hidden);
  const rows: Array<[string, string | null, string | null]> = [];
  for (const key of new Set([...b.keys(), ...a.keys()])) {
    const was = shown(b.get(key));
    const is = shown(a.get(key));
    if (before === null || before === undefined) {
      if (is !== '—') rows.push([key, null, is]);
    } else if (after === null || after === undefined) rows.push([key, was, null]);
    else if (was !== is) rows.push([key, was, is]);
  }
  if (rows.length === 0 && (typeof before !== 'object' || typeof after !== 'object') && before !== after) rows.push(['value', shown(before), shown(after)]);
  return rows;
}

/** Every moderator action, newest first, with before and after. */
@customElement('parley-admin-audit')
export class ParleyAdminAudit extends AdminScreen {
  readonly #entries = new ListController<AuditEntry>(this, async (cursor) => {
    const page = await this.api.audit({ site: this.site || undefined, cursor, limit: PAGE_SIZE });
    return { items: page.entries, nextCursor: page.nextCursor };
  });

  protected override refresh() {
    void this.#entries.load();
  }

  /** A live change reloads the first page, unless the moderator has paged further back. */
  protected override liveRefresh() {
    if (this.#entries.items.length <= PAGE_SIZE) this.refresh();
  }

  #renderChange(e: AuditEntry) {
    const changes = auditChanges(e.before, e.after, e.targetType);
    if (changes.length === 0) return html`<span class="muted">${this.strings.noChange}</span>`;
    return html`<dl class="changes">
      ${changes.map(
        ([field, was, is]) => html`<div>
          <dt>${field}</dt>
          <dd>${was === null ? is : is === null ? html`<del>${was}</del>` : html`${was} → ${is}`}</dd>
        </div>`,
      )}
    </dl>`;
  }

  override render() {
    const t = this.strings;
    return html`<h2 tabindex="-1">${t.screen_audit}</h2>
      ${this.#entries.render(
        (entries) => html`<div class="wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${t.when}</th>
                    <th scope="col">${t.who}</th>
                    <th scope="col">${t.action}</th>
                    <th scope="col">${t.target}</th>
                    <th scope="col">${t.change}</th>
                  </tr>
                </thead>
                <tbody>
                  ${entries.map(
                    (e) => html`<tr data-action=${e.action}>
                      <td><time datetime=${e.createdAt}>${formatDate(e.createdAt)}</time></td>
                      <td>${e.moderator?.name ?? '—'}</td>
                      <td>${e.action}${e.undoneAt ? html` <span class="chip">${t.undoneMark}</span>` : nothing}</td>
                      <td>${t.auditTarget(e.targetType, e.targetId)}</td>
                      <td>${this.#renderChange(e)}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`,
        t.noAudit,
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-audit': ParleyAdminAudit;
  }
}
