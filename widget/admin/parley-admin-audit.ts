import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { AuditEntry } from './api.ts';
import { formatDate } from './format.ts';
import { AdminScreen, ListController } from './screen-controller.ts';

const PAGE_SIZE = 50;

/** A short, text-only rendering of a before/after value: `status: pending` or `isLocked: true`. */
function summarise(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'object') return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join('; ');
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
                      <td>${e.targetType} ${e.targetId}</td>
                      <td><code>${summarise(e.before)}</code> → <code>${summarise(e.after)}</code></td>
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
