import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ApiError, type AdminApi } from './api.ts';
import { emit } from './events.ts';
import { errorMessage } from './format.ts';
import type { AdminStrings } from './i18n/en.ts';
import { adminBase } from './styles.ts';

/** E-mail and password; one-time links are redeemed by the shell before this shows. */
@customElement('parley-admin-sign-in')
export class ParleyAdminSignIn extends LitElement {
  static override styles = [
    adminBase,
    css`
      :host {
        display: grid;
        place-items: center;
        min-height: 100vh;
        padding: 1rem;
      }
      main {
        width: min(100%, 24rem);
        padding: 1.5rem;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
      }
      h1 {
        font-size: 1.3rem;
      }
      .field {
        margin-bottom: 0.9rem;
      }
      input {
        width: 100%;
      }
      button {
        width: 100%;
      }
      p {
        margin: 0 0 1rem;
      }
    `,
  ];

  @property({ attribute: false }) api!: AdminApi;
  @property({ attribute: false }) strings!: AdminStrings;
  /** Shown above the form: an expired session, a used sign-in link. */
  @property() notice = '';

  @state() private error = '';
  @state() private isBusy = false;
  @query('#email') private emailInput!: HTMLInputElement;

  override firstUpdated() {
    this.emailInput.focus();
  }

  async #submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.isBusy = true;
    this.error = '';
    try {
      const me = await this.api.login(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
      emit(this, 'parley-admin-signed-in', { me });
    } catch (error) {
      const t = this.strings;
      if (error instanceof ApiError && error.status === 401) this.error = t.signInFailed;
      else if (error instanceof ApiError && error.status === 429) this.error = error.message;
      else this.error = errorMessage(error, t);
    } finally {
      this.isBusy = false;
    }
  }

  override render() {
    const t = this.strings;
    return html`<main>
      <h1>${t.signInTitle}</h1>
      ${this.notice ? html`<p role="status">${this.notice}</p>` : ''}
      <form @submit=${this.#submit} aria-describedby="sign-in-error">
        <div class="field">
          <label for="email">${t.email}</label>
          <input id="email" name="email" type="email" autocomplete="username" required />
        </div>
        <div class="field">
          <label for="password">${t.password}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <p id="sign-in-error" class="error" role="alert">${this.error}</p>
        <button class="primary" type="submit" ?disabled=${this.isBusy}>${this.isBusy ? t.signingIn : t.signIn}</button>
      </form>
    </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin-sign-in': ParleyAdminSignIn;
  }
}
