import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { BanListItem, ReaderHistory, ReaderSummary } from './api.ts';
import { emit } from './events.ts';
import { errorMessage, excerpt, formatDate } from './format.ts';
import { routeHref } from './route.ts';
import type { ParleyAdminConfirm } from './parley-admin-confirm.ts';
import { AdminScreen, ListController, ScreenController } from './screen-controller.ts';
import './parley-admin-confirm.ts';

/** Active bans (lift them here), finding a reader by name, e-mail or id, and one reader's history. */
@customElement('parley-admin-readers')
export class ParleyAdminReaders extends AdminScreen {
  @property({ attribute: false }) readerId: number | null = null;

  /** The outcome of the last download or erasure of the reader's data, shown beside its buttons. */
  @state() private dataOutcome = '';
  @query('parley-admin-confirm') private confirmDialog!: ParleyAdminConfirm;

  /** What the search box last asked for; empty: no search shown. */
  @state() private searched = '';

  readonly #found = new ListController<ReaderSummary>(this, async (cursor) => {
    const page = await this.api.readers({ site: this.site || undefined, q: this.searched, cursor });
    return { items: page.readers, nextCursor: page.nextCursor };
  });
  readonly #bans = new ListController<BanListItem>(this, async (cursor) => {
    const page = await this.api.bans({ site: this.site || undefined, active: true, cursor });
    return { items: page.bans, nextCursor: page.nextCursor };
  });
  readonly #reader = new ScreenController<ReaderHistory | null>(this, async () => (this.readerId === null ? null : this.api.reader(this.readerId)));

  protected override refresh() {
    void this.#bans.load();
    if (this.searched) void this.#search();
  }

  /** Bans and readers change on live events, but a search result stays as asked until asked again. */
  protected override liveRefresh() {
    void this.#bans.load();
  }

  async #search() {
    await this.#found.load();
    if (!this.#found.error) this.announce(this.strings.readersFound(this.#found.items.length, !!this.#found.nextCursor));
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    if (changed.has('readerId')) {
      this.dataOutcome = '';
      void this.#reader.load({ clear: true });
    }
  }

  /** The GDPR access: everything stored about the reader, saved as a JSON file. */
  async #download(r: ReaderHistory) {
    try {
      const data = await this.api.readerData(this.site, r.readerId);
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: `parley-reader-${r.readerId}.json` });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
      this.#said(this.strings.readerDataDownloaded);
    } catch (error) {
      this.#said(errorMessage(error, this.strings), true);
    }
  }

  async #erase(r: ReaderHistory) {
    const t = this.strings;
    const isConfirmed = await this.confirmDialog.ask({ title: t.eraseTitle(r.name ?? `#${r.readerId}`), text: t.eraseExplain, confirm: t.eraseConfirm });
    if (!isConfirmed) return;
    try {
      const erased = await this.api.eraseReader(this.site, r.readerId);
      this.#said(t.erased(erased.comments, erased.subscriptions));
      emit(this, 'parley-admin-changed', {});
      void this.#reader.load();
    } catch (error) {
      this.#said(errorMessage(error, t), true);
    }
  }

  #said(message: string, isError = false) {
    this.dataOutcome = message;
    this.announce(message, isError);
  }

  async #lift(ban: BanListItem) {
    try {
      await this.api.liftBan(ban.id);
      this.#bans.update((bans) => bans.filter((b) => b.id !== ban.id));
      this.announce(this.strings.banLifted);
      this.heading.focus();
      if (this.#reader.value) void this.#reader.load();
    } catch (error) {
      this.announce(errorMessage(error, this.strings), true);
    }
  }

  /** A number (or `#12`) opens that reader; anything else searches names and e-mail addresses. */
  #find(event: SubmitEvent) {
    event.preventDefault();
    const text = String(new FormData(event.target as HTMLFormElement).get('reader') ?? '').trim();
    if (!text) return;
    const id = /^#?\d{1,15}$/.test(text) ? Number(text.replace('#', '')) : NaN;
    if (Number.isSafeInteger(id) && id > 0) {
      this.searched = '';
      location.hash = routeHref({ screen: 'readers', readerId: id });
      return;
    }
    this.searched = text;
    void this.#search();
  }

  /** The banned reader's name (or `#id` once erased), or the kind of value and the start of its hash. */
  #who(ban: BanListItem): string {
    if (ban.readerId !== null) return ban.reader?.name ?? `#${ban.readerId}`;
    return `${this.strings[`banKind_${ban.kind}`]} ${this.strings.hashHint(ban.valueHint ?? '')}`;
  }

  #renderFound(readers: ReaderSummary[]) {
    const t = this.strings;
    return html`<div class="wrap">
      <table>
        <caption class="visually-hidden">${t.foundFor(this.searched)}</caption>
        <thead>
          <tr>
            <th scope="col">${t.name}</th>
            <th scope="col">${t.email}</th>
            <th scope="col">${t.history}</th>
            <th scope="col">${t.firstSeen}</th>
          </tr>
        </thead>
        <tbody>
          ${readers.map(
            (r) => html`<tr>
              <td><a href=${routeHref({ screen: 'readers', readerId: r.readerId })}>${r.name ?? `#${r.readerId}`}</a>${r.isGuest ? html` <span class="muted">(${t.guest})</span>` : nothing}</td>
              <td>${r.email ?? '—'}</td>
              <td>${t.authorHistory(r.approvedCount, r.rejectedCount)}</td>
              <td>${formatDate(r.createdAt)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  #renderBanned(ban: BanListItem) {
    const t = this.strings;
    if (ban.readerId === null) return html`<span class="muted">${t.hashHint(ban.valueHint ?? '')}</span>`;
    const email = ban.reader?.email;
    return html`<a href=${routeHref({ screen: 'readers', readerId: ban.readerId })}>${ban.reader?.name ?? `#${ban.readerId}`}</a>${email ? html`<br /><span class="muted">${email}</span>` : nothing}`;
  }

  override render() {
    const t = this.strings;
    return html`<h2 tabindex="-1">${t.screen_readers}</h2>
      ${this.#reader.renderError()}
      <form class="inline-form" role="search" @submit=${this.#find}>
        <div class="field">
          <label for="reader">${t.findReader}</label>
          <input id="reader" name="reader" type="search" maxlength="100" autocomplete="off" .value=${this.searched || (this.readerId ? String(this.readerId) : '')} />
        </div>
        <button type="submit">${t.find}</button>
      </form>
      ${this.searched ? html`<section aria-labelledby="found-title">
            <h3 id="found-title">${t.foundFor(this.searched)}</h3>
            ${this.#found.render((readers) => this.#renderFound(readers), t.noReadersFound)}
          </section>` : nothing}
      ${this.#reader.value ? this.#renderReader(this.#reader.value) : nothing}
      <h3>${t.activeBans}</h3>
      ${this.#bans.render(
        (bans) => html`<div class="wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">${t.banKind}</th>
                  <th scope="col">${t.banValue}</th>
                  <th scope="col">${t.reason}</th>
                  <th scope="col">${t.bannedBy}</th>
                  <th scope="col">${t.banCreated}</th>
                  <th scope="col">${t.banExpires}</th>
                  <th scope="col"><span class="visually-hidden">${t.actions}</span></th>
                </tr>
              </thead>
              <tbody>
                ${bans.map(
                  (ban) => html`<tr>
                    <td>${t[`banKind_${ban.kind}`]}</td>
                    <td>${this.#renderBanned(ban)}</td>
                    <td>${ban.reason || html`<span class="muted">${t.noReason}</span>`}</td>
                    <td>${ban.bannedBy ? html`${ban.bannedBy.name}<br /><span class="muted">${ban.bannedBy.email}</span>` : '—'}</td>
                    <td><time datetime=${ban.createdAt}>${formatDate(ban.createdAt)}</time></td>
                    <td>${ban.expiresAt ? formatDate(ban.expiresAt) : t.never}</td>
                    <td><button aria-label=${t.liftBan(this.#who(ban))} @click=${() => this.#lift(ban)}>${t.lift}</button></td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`,
        t.noBans,
      )}
      <parley-admin-confirm .strings=${t}></parley-admin-confirm>`;
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
      <h3>${t.readerData}</h3>
      <p class="inline-form">
        <button type="button" @click=${() => this.#download(r)}>${t.downloadReaderData}</button>
        <button type="button" class="danger" @click=${() => this.#erase(r)}>${t.eraseReaderData}</button>
      </p>
      <p class="outcome">${this.dataOutcome}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-readers': ParleyAdminReaders;
  }
}
