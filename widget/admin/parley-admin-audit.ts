import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { AdminApi, AuditEntry } from './api.ts';
import { errorMessage, formatDate } from './format.ts';
import type { AdminStrings } from './i18n/en.ts';
import { screenStyles } from './screen-styles.ts';
import { adminBase } from './styles.ts';

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
export class ParleyAdminAudit extends LitElement {
  static override styles = [adminBase, screenStyles];

  @property({ attribute: false }) api!: AdminApi;
  @property({ attribute: false }) strings!: AdminStrings;
  @property() site = '';
  @property({ type: Number }) liveTick = 0;

  @state() private entries: AuditEntry[] = [];
  @state() private nextCursor: string | null = null;
  @state() private error = '';
  @state() private isLoading = true;
  @query('h2') private heading!: HTMLElement;

  async focusHeading() {
    await this.updateComplete;
    this.heading?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    // A live change reloads the first page, unless the moderator has paged further back.
    const isLive = changed.has('liveTick') && changed.get('liveTick') !== undefined && this.entries.length <= PAGE_SIZE;
    if (changed.has('site') || isLive) void this.#load();
  }

  async #load(cursor: string | null = null) {
    try {
      const page = await this.api.audit({ site: this.site || undefined, cursor, limit: PAGE_SIZE });
      this.entries = cursor ? [...this.entries, ...page.entries] : page.entries;
      this.nextCursor = page.nextCursor;
      this.error = '';
    } catch (error) {
      this.error = errorMessage(error, this.strings);
    } finally {
      this.isLoading = false;
    }
  }

  override render() {
    const t = this.strings;
    return html`<h2 tabindex="-1">${t.screen_audit}</h2>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.isLoading
        ? html`<p role="status">${t.loading}</p>`
        : this.entries.length === 0
          ? html`<p>${t.noAudit}</p>`
          : html`<div class="wrap">
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
                  ${this.entries.map(
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
            </div>`}
      ${this.nextCursor ? html`<p class="more"><button @click=${() => this.#load(this.nextCursor)}>${t.loadMore}</button></p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-audit': ParleyAdminAudit;
  }
}
