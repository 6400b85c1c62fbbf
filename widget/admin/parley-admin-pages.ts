import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { AdminPage } from './api.ts';
import { emit } from './events.ts';
import { errorMessage, formatDate } from './format.ts';
import { AdminScreen, ListController } from './screen-controller.ts';

/** Pages of the site with their approved counts; lock closes comments, unlock reopens them. */
@customElement('parley-admin-pages')
export class ParleyAdminPages extends AdminScreen {
  readonly #pages = new ListController<AdminPage>(this, async (cursor) => {
    const list = await this.api.pages({ site: this.site || undefined, cursor });
    return { items: list.pages, nextCursor: list.nextCursor };
  });

  protected override refresh() {
    void this.#pages.load();
  }

  async #setLocked(page: AdminPage, isLocked: boolean) {
    const t = this.strings;
    const name = page.title || page.key;
    try {
      const updated = await this.api.setPageLocked(page.id, isLocked);
      this.#pages.update((pages) => pages.map((p) => (p.id === updated.id ? updated : p)));
      this.announce(isLocked ? t.pageLocked(name) : t.pageUnlocked(name));
      emit(this, 'parley-admin-changed', {});
      await this.updateComplete;
      (this.renderRoot.querySelector(`[data-page-id="${page.id}"]`) as HTMLElement | null)?.focus();
    } catch (error) {
      this.announce(errorMessage(error, t), true);
    }
  }

  override render() {
    const t = this.strings;
    return html`<h2 tabindex="-1">${t.screen_pages}</h2>
      ${this.#pages.render(
        (pages) => html`<div class="wrap">
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
                  ${pages.map((page) => {
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
            </div>`,
        t.noPages,
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-pages': ParleyAdminPages;
  }
}
