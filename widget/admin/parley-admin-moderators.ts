import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, type AdminSite, type ModeratorRole, type ModeratorView } from './api.ts';
import { errorMessage, formatDate } from './format.ts';
import { AdminScreen, ListController } from './screen-controller.ts';

/** Admins only: who may moderate which sites; adding one without a password yields a sign-in link. */
@customElement('parley-admin-moderators')
export class ParleyAdminModerators extends AdminScreen {
  @property({ attribute: false }) sites: AdminSite[] = [];

  @state() private formError = '';
  @state() private signInLink = '';

  readonly #moderators = new ListController<ModeratorView>(this, async () => ({ items: (await this.api.moderators()).moderators, nextCursor: null }));

  protected override refresh() {
    void this.#moderators.load();
  }

  async #add(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const password = String(data.get('password') ?? '');
    this.formError = '';
    this.signInLink = '';
    try {
      const result = await this.api.addModerator({
        email: String(data.get('email') ?? ''),
        name: String(data.get('name') ?? ''),
        role: String(data.get('role')) as ModeratorRole,
        siteIds: data.getAll('siteIds').map(Number),
        ...(password ? { password } : {}),
      });
      form.reset();
      this.signInLink = result.signInLink ?? '';
      this.announce(this.strings.moderatorAdded(result.moderator.name));
      await this.#moderators.load();
    } catch (error) {
      this.formError = errorMessage(error, this.strings);
      if (error instanceof ApiError && error.field) (form.querySelector(`[name="${error.field}"]`) as HTMLElement | null)?.focus();
    }
  }

  /** The per-moderator "comments wait for review" mail (batched by the site's pendingAlertMinutes). */
  async #setAlerts(m: ModeratorView, on: boolean) {
    try {
      await this.api.updateModerator(m.id, { isAlertedOfPending: on });
      this.announce((on ? this.strings.pendingAlertsOn : this.strings.pendingAlertsOff)(m.name));
    } catch (error) {
      this.formError = errorMessage(error, this.strings);
    }
    await this.#moderators.load();
  }

  #siteNames(ids: number[]) {
    if (!ids.length) return this.strings.allSites;
    return ids.map((id) => this.sites.find((s) => s.id === id)?.name ?? `#${id}`).join(', ');
  }

  override render() {
    const t = this.strings;
    return html`<h2 tabindex="-1">${t.screen_moderators}</h2>
      ${this.#moderators.render(
        (moderators) => html`<div class="wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">${t.name}</th>
                  <th scope="col">${t.email}</th>
                  <th scope="col">${t.role}</th>
                  <th scope="col">${t.sites}</th>
                  <th scope="col">${t.banCreated}</th>
                  <th scope="col">${t.pendingAlerts}</th>
                </tr>
              </thead>
              <tbody>
                ${moderators.map(
                  (m) => html`<tr>
                    <td>${m.name}</td>
                    <td>${m.email}</td>
                    <td>${t[`role_${m.role}`]}</td>
                    <td>${m.role === 'admin' ? t.allSites : this.#siteNames(m.siteIds)}</td>
                    <td>${formatDate(m.createdAt)}</td>
                    <td><input type="checkbox" aria-label=${t.pendingAlertsFor(m.name)} .checked=${m.isAlertedOfPending}
                      @change=${(e: Event) => this.#setAlerts(m, (e.target as HTMLInputElement).checked)} /></td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`,
      )}
      <h3 id="add-title">${t.addModerator}</h3>
      <form @submit=${this.#add} aria-labelledby="add-title" novalidate>
        <div class="field"><label for="m-name">${t.name}</label><input id="m-name" name="name" type="text" required /></div>
        <div class="field"><label for="m-email">${t.email}</label><input id="m-email" name="email" type="email" required /></div>
        <div class="field">
          <label for="m-role">${t.role}</label>
          <select id="m-role" name="role">
            <option value="moderator">${t.role_moderator}</option>
            <option value="admin">${t.role_admin}</option>
          </select>
        </div>
        <fieldset>
          <legend>${t.sites}</legend>
          ${this.sites.map((s) => html`<label class="choice"><input type="checkbox" name="siteIds" value=${s.id} />${s.name}</label>`)}
        </fieldset>
        <div class="field">
          <label for="m-password">${t.initialPassword}</label>
          <input id="m-password" name="password" type="password" autocomplete="new-password" />
        </div>
        <p class="error" role="alert">${this.formError}</p>
        <button class="primary" type="submit">${t.add}</button>
      </form>
      ${this.signInLink
        ? html`<div class="field">
            <label for="m-link">${t.signInLink}</label>
            <input id="m-link" type="text" readonly .value=${this.signInLink} />
          </div>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-moderators': ParleyAdminModerators;
  }
}
