import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, type SiteSettingsView } from './api.ts';
import { errorMessage } from './format.ts';
import type { AdminStrings } from './i18n/en.ts';
import { AdminScreen, ScreenController } from './screen-controller.ts';

type NumberField = 'linkLimit' | 'editWindowMinutes' | 'flagThreshold' | 'closeAfterDays';
const NUMBER_FIELDS: [NumberField, keyof AdminStrings][] = [
  ['linkLimit', 'linkLimit'],
  ['editWindowMinutes', 'editWindow'],
  ['flagThreshold', 'flagThreshold'],
  ['closeAfterDays', 'closeAfterDays'],
];
const MODES = ['all', 'first', 'none'] as const;

const lines = (value: FormDataEntryValue | null): string[] =>
  String(value ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

/** The site's moderation rules, word lists and allowed origins. */
@customElement('parley-admin-settings')
export class ParleyAdminSettings extends AdminScreen {
  /** The server has the last word (403 for another site's settings); this only greys the form. */
  @property({ type: Boolean }) canEdit = true;

  /** The save's error, shown in the form (the load's is the controller's). */
  @state() private error = '';
  /** The form field the server's validation error names, e.g. `linkLimit` or `allowedOrigins`. */
  @state() private errorField = '';
  @state() private isSaving = false;

  readonly #settings = new ScreenController<SiteSettingsView>(this, () => this.api.settings(this.site));

  protected override refresh() {
    if (this.site) void this.#settings.load();
  }

  async #save(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.isSaving = true;
    this.error = '';
    this.errorField = '';
    try {
      const numbers = Object.fromEntries(NUMBER_FIELDS.map(([name]) => [name, Number(data.get(name))]));
      const saved = await this.api.saveSettings(this.site, {
        allowedOrigins: lines(data.get('allowedOrigins')),
        settings: {
          moderationMode: String(data.get('moderationMode')) as (typeof MODES)[number],
          bannedWords: lines(data.get('bannedWords')),
          suspectWords: lines(data.get('suspectWords')),
          ...numbers,
        },
      });
      this.#settings.set(saved);
      this.announce(this.strings.saved);
    } catch (error) {
      this.error = errorMessage(error, this.strings);
      if (error instanceof ApiError && error.field) {
        this.errorField = error.field.replace(/^settings\./, '').split('.')[0] ?? '';
        await this.updateComplete;
        (this.renderRoot.querySelector(`[name="${this.errorField}"]`) as HTMLElement | null)?.focus();
      }
    } finally {
      this.isSaving = false;
    }
  }

  #invalid(name: string) {
    return this.errorField === name ? { invalid: 'true', describedBy: 'settings-error' } : { invalid: nothing, describedBy: nothing };
  }

  override render() {
    const t = this.strings;
    const view = this.#settings.value;
    // One heading element throughout, so focus put on it survives the form arriving.
    return html`<h2 tabindex="-1">${view ? `${t.screen_settings}: ${view.site.name}` : t.screen_settings}</h2>
      ${view ? this.#renderForm(view) : this.#settings.error ? this.#settings.renderError() : html`<p role="status">${t.loading}</p>`}`;
  }

  #renderForm(view: SiteSettingsView) {
    const t = this.strings;
    const s = view.settings;
    const textarea = (name: 'bannedWords' | 'suspectWords' | 'allowedOrigins', label: string, value: string[]) => {
      const inv = this.#invalid(name);
      return html`<div class="field">
        <label for=${name}>${label}</label>
        <textarea id=${name} name=${name} rows="4" aria-invalid=${inv.invalid} aria-describedby=${inv.describedBy}>${value.join('\n')}</textarea>
      </div>`;
    };
    return html`<form @submit=${this.#save} novalidate>
        <fieldset ?disabled=${!this.canEdit} class="plain">
          <fieldset>
            <legend>${t.moderationMode}</legend>
            ${MODES.map(
              (mode) => html`<label class="choice"
                ><input type="radio" name="moderationMode" value=${mode} ?checked=${s.moderationMode === mode} />${t[`mode_${mode}`]}</label
              >`,
            )}
          </fieldset>
          ${textarea('bannedWords', t.bannedWords, s.bannedWords)} ${textarea('suspectWords', t.suspectWords, s.suspectWords)}
          ${NUMBER_FIELDS.map(([name, label]) => {
            const inv = this.#invalid(name);
            return html`<div class="field">
              <label for=${name}>${t[label] as string}</label>
              <input id=${name} name=${name} type="number" min="0" step="1" .value=${String(s[name])} aria-invalid=${inv.invalid} aria-describedby=${inv.describedBy} />
            </div>`;
          })}
          ${textarea('allowedOrigins', t.allowedOrigins, view.site.allowedOrigins)}
          <p id="settings-error" class="error" role="alert">${this.error}</p>
          <button class="primary" type="submit" ?disabled=${this.isSaving}>${t.save}</button>
        </fieldset>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-settings': ParleyAdminSettings;
  }
}
