import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { AdminApi, AdminPage } from './api.ts';
import { emit } from './events.ts';
import { errorMessage, formatDate } from './format.ts';
import type { AdminStrings } from './i18n/en.ts';
import { screenStyles } from './screen-styles.ts';
import { adminBase } from './styles.ts';

/** Pages of the site with their approved counts; lock closes comments, unlock reopens them. */
@customElement('parley-admin-pages')
export class ParleyAdminPages extends LitElement {
  static override styles = [adminBase, screenStyles];

  @property({ attribute: false }) api!: AdminApi;
  @property({ attribute: false }) strings!: AdminStrings;
  @property() site = '';
  @property({ type: Number }) liveTick = 0;

  @state() private pages: AdminPage[] = [];
  @state() private nextCursor: string | null = null;
  @state() private error = '';
  @state() private isLoading = true;
  @query('h2') private heading!: HTMLElement;

  async focusHeading() {
    await this.updateComplete;
    this.heading?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('site') || (changed.has('liveTick') && changed.get('liveTick') !== undefined)) void this.#load();
  }

  async #load(cursor: string | null = null) {
    try {
      const list = await this.api.pages({ site: this.site || undefined, cursor });
      this.pages = cursor ? [...this.pages, ...list.pages] : list.pages;
      this.nextCursor = list.nextCursor;
      this.error = '';
    } catch (error) {
      this.error = errorMessage(error, this.strings);
    } finally {
      this.isLoading = false;
    }
  }

  async #setLocked(page: AdminPage, isLocked: boolean) {
    const t = this.strings;
    const name = page.title || page.key;
    try {
      const updated = await this.api.setPageLocked(page.id, isLocked);
      this.pages = this.pages.map((p) => (p.id === updated.id ? updated : p));
      emit(this, 'parley-admin-announce', { message: isLocked ? t.pageLocked(name) : t.pageUnlocked(name) });
      emit(this, 'parley-admin-changed', {});
      await this.updateComplete;
      (this.renderRoot.querySelector(`[data-page-id="${page.id}"]`) as HTMLElement | null)?.focus();
    } catch (error) {
      emit(this, 'parley-admin-announce', { message: errorMessage(error, t), isError: true });
    }
  }

  override render() {
    const t = this.strings;
    return html`<h2 tabindex="-1">${t.screen_pages}</h2>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.isLoading
        ? html`<p role="status">${t.loading}</p>`
        : this.pages.length === 0
          ? html`<p>${t.noPages}</p>`
          : html`<div class="wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${t.pageTitle}</th>
                    <th scope="col">${t.approvedCount}</th>
                    <th scope="col">${t.state}</th>
                    <th scope="col"><span class="visually-hidden">${t.actions}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${this.pages.map((page) => {
                    const name = page.title || page.key;
                    return html`<tr>
                      <td>
                        ${page.url ? html`<a href=${page.url} target="_blank" rel="noopener noreferrer">${name}</a>` : name}
                        <div class="muted"><code>${page.key}</code> · ${formatDate(page.createdAt)}</div>
                      </td>
                      <td>${page.commentCount}</td>
                      <td>${page.isLocked ? t.locked : t.open}</td>
                      <td>
                        <button
                          data-page-id=${page.id}
                          aria-label=${page.isLocked ? t.unlockPage(name) : t.lockPage(name)}
                          @click=${() => this.#setLocked(page, !page.isLocked)}
                        >
                          ${page.isLocked ? t.unlock : t.lock}
                        </button>
                      </td>
                    </tr>`;
                  })}
                </tbody>
              </table>
            </div>`}
      ${this.nextCursor ? html`<p class="more"><button @click=${() => this.#load(this.nextCursor)}>${t.loadMore}</button></p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-pages': ParleyAdminPages;
  }
}
