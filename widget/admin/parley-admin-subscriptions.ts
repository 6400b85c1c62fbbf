import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AdminSite, SubscriptionView } from './api.ts';
import { formatDate } from './format.ts';
import { AdminScreen, ListController } from './screen-controller.ts';

/** Who is subscribed to one page (site + page key), and in what state: confirmed, unsubscribed, bounced and why. */
@customElement('parley-admin-subscriptions')
export class ParleyAdminSubscriptions extends AdminScreen {
  @property({ attribute: false }) sites: AdminSite[] = [];

  /** The site and page key last asked for; nothing is loaded before the admin asks. */
  @state() private asked: { site: string; page: string } | null = null;

  readonly #subscriptions = new ListController<SubscriptionView>(this, async () => {
    const asked = this.asked;
    return { items: asked ? (await this.api.subscriptions(asked.site, asked.page)).subscriptions : [], nextCursor: null };
  });

  /** A site change keeps what was asked (it names its own site); a live event changes no subscription list worth a reload. */
  protected override refresh() {}

  async #show(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.asked = { site: String(data.get('site') ?? this.site), page: String(data.get('page') ?? '').trim() };
    await this.#subscriptions.load();
    if (!this.#subscriptions.error) this.announce(this.strings.subscriptionsFound(this.#subscriptions.items.length, this.asked.page));
  }

  override render() {
    const t = this.strings;
    const site = this.site || this.sites[0]?.slug || '';
    return html`<section aria-labelledby="subs-title">
      <h3 id="subs-title">${t.subscriptionsTitle}</h3>
      <form class="inline-form" @submit=${this.#show} aria-labelledby="subs-title">
        ${this.sites.length > 1
          ? html`<div class="field">
              <label for="subs-site">${t.site}</label>
              <select id="subs-site" name="site">
                ${this.sites.map((s) => html`<option value=${s.slug} ?selected=${s.slug === site}>${s.name}</option>`)}
              </select>
            </div>`
          : html`<input type="hidden" name="site" .value=${site} />`}
        <div class="field">
          <label for="subs-page">${t.subscriptionsPage}</label>
          <input id="subs-page" name="page" type="text" required />
        </div>
        <button type="submit">${t.show}</button>
      </form>
      ${this.asked
        ? this.#subscriptions.render(
            (subs) => html`<div class="wrap">
              <table aria-label=${t.subscriptionsOf(this.asked?.page ?? '')}>
                <thead>
                  <tr>
                    <th scope="col">${t.subEmail}</th>
                    <th scope="col">${t.subKind}</th>
                    <th scope="col">${t.state}</th>
                    <th scope="col">${t.bounceReason}</th>
                    <th scope="col">${t.subSince}</th>
                  </tr>
                </thead>
                <tbody>
                  ${subs.map(
                    (s) => html`<tr data-state=${s.state}>
                      <td>${s.email}</td>
                      <td>${t[`subKind_${s.kind}`]}</td>
                      <td>${t[`subState_${s.state}`]}</td>
                      <td>${s.bounceReason ? html`<code>${s.bounceReason}</code>` : html`<span class="muted">—</span>`}</td>
                      <td><time datetime=${s.createdAt}>${formatDate(s.createdAt)}</time></td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`,
            t.noSubscriptions(this.asked.page),
          )
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-subscriptions': ParleyAdminSubscriptions;
  }
}
