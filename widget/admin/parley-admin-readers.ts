import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { AdminApi, BanView, ReaderHistory } from './api.ts';
import { emit } from './events.ts';
import { errorMessage, excerpt, formatDate } from './format.ts';
import type { AdminStrings } from './i18n/en.ts';
import { routeHref } from './route.ts';
import { screenStyles } from './screen-styles.ts';
import { adminBase } from './styles.ts';

/** Active bans (lift them here) and one reader's history, opened by id. */
@customElement('parley-admin-readers')
export class ParleyAdminReaders extends LitElement {
  static override styles = [adminBase, screenStyles];

  @property({ attribute: false }) api!: AdminApi;
  @property({ attribute: false }) strings!: AdminStrings;
  @property() site = '';
  @property({ attribute: false }) readerId: number | null = null;

  @state() private bans: BanView[] = [];
  @state() private nextCursor: string | null = null;
  @state() private reader: ReaderHistory | null = null;
  @state() private error = '';
  @query('h2') private heading!: HTMLElement;

  async focusHeading() {
    await this.updateComplete;
    this.heading?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('site')) void this.#loadBans();
    if (changed.has('readerId')) void this.#loadReader();
  }

  async #loadBans(cursor: string | null = null) {
    try {
      const page = await this.api.bans({ site: this.site || undefined, active: true, cursor });
      this.bans = cursor ? [...this.bans, ...page.bans] : page.bans;
      this.nextCursor = page.nextCursor;
    } catch (error) {
      this.error = errorMessage(error, this.strings);
    }
  }

  async #loadReader() {
    this.reader = null;
    if (this.readerId === null) return;
    try {
      this.reader = await this.api.reader(this.readerId);
      this.error = '';
    } catch (error) {
      this.error = errorMessage(error, this.strings);
    }
  }

  async #lift(ban: BanView) {
    try {
      await this.api.liftBan(ban.id);
      this.bans = this.bans.filter((b) => b.id !== ban.id);
      emit(this, 'parley-admin-announce', { message: this.strings.banLifted });
      this.heading.focus();
      if (this.reader) void this.#loadReader();
    } catch (error) {
      emit(this, 'parley-admin-announce', { message: errorMessage(error, this.strings), isError: true });
    }
  }

  #find(event: SubmitEvent) {
    event.preventDefault();
    const id = Number(new FormData(event.target as HTMLFormElement).get('reader'));
    if (Number.isInteger(id) && id > 0) location.hash = routeHref({ screen: 'readers', readerId: id });
  }

  #who(ban: BanView): string {
    return ban.readerId !== null ? `#${ban.readerId}` : this.strings[`banKind_${ban.kind}`];
  }

  override render() {
    const t = this.strings;
    return html`<h2 tabindex="-1">${t.screen_readers}</h2>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <form class="inline-form" @submit=${this.#find}>
        <div class="field">
          <label for="reader">${t.findReader}</label>
          <input id="reader" name="reader" type="number" min="1" .value=${this.readerId ? String(this.readerId) : ''} />
        </div>
        <button type="submit">${t.show}</button>
      </form>
      ${this.reader ? this.#renderReader(this.reader) : nothing}
      <h3>${t.activeBans}</h3>
      ${this.bans.length === 0
        ? html`<p>${t.noBans}</p>`
        : html`<div class="wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">${t.banKind}</th>
                  <th scope="col">${t.banValue}</th>
                  <th scope="col">${t.reason}</th>
                  <th scope="col">${t.banCreated}</th>
                  <th scope="col">${t.banExpires}</th>
                  <th scope="col"><span class="visually-hidden">${t.actions}</span></th>
                </tr>
              </thead>
              <tbody>
                ${this.bans.map(
                  (ban) => html`<tr>
                    <td>${t[`banKind_${ban.kind}`]}</td>
                    <td>${ban.readerId !== null ? html`<a href=${routeHref({ screen: 'readers', readerId: ban.readerId })}>#${ban.readerId}</a>` : '—'}</td>
                    <td>${ban.reason}</td>
                    <td>${formatDate(ban.createdAt)}</td>
                    <td>${ban.expiresAt ? formatDate(ban.expiresAt) : t.never}</td>
                    <td><button aria-label=${t.liftBan(this.#who(ban))} @click=${() => this.#lift(ban)}>${t.lift}</button></td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
      ${this.nextCursor ? html`<p class="more"><button @click=${() => this.#loadBans(this.nextCursor)}>${t.loadMore}</button></p>` : nothing}`;
  }

  #renderReader(r: ReaderHistory) {
    const t = this.strings;
    const name = r.name ?? `#${r.readerId}`;
    return html`<section aria-labelledby="reader-title">
      <h3 id="reader-title">${t.readerTitle(name)}</h3>
      <p>
        ${r.isGuest ? html`<span class="muted">${t.guest}</span> ·` : nothing} ${r.email ? html`${r.email} ·` : nothing}
        ${t.authorHistory(r.approvedCount, r.rejectedCount)}
      </p>
      ${r.activeBans.length ? html`<p class="error">${t.activeBans}: ${r.activeBans.map((b) => t[`banKind_${b.kind}`]).join(', ')}</p>` : nothing}
      <h3>${t.recentComments}</h3>
      ${r.recent.length
        ? html`<ul>
            ${r.recent.map((c) => html`<li>${t[`status_${c.status}`]} · ${c.pageKey} · ${formatDate(c.createdAt)}: ${excerpt(c.bodyHtml)}</li>`)}
          </ul>`
        : html`<p>${t.noRecent}</p>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-readers': ParleyAdminReaders;
  }
}
