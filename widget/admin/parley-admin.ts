import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { AdminApi, ApiError, type AdminComment, type AdminMe } from './api.ts';
import { isTypingTarget, on } from './events.ts';
import { errorMessage } from './format.ts';
import { adminStrings } from './i18n/index.ts';
import { LiveController } from './live-controller.ts';
import type { ParleyAdminHelp } from './parley-admin-help.ts';
import { parseRoute, type Route } from './route.ts';
import { adminBase } from './styles.ts';
import './parley-admin-audit.ts';
import './parley-admin-email.ts';
import './parley-admin-header.ts';
import './parley-admin-help.ts';
import './parley-admin-import.ts';
import './parley-admin-moderators.ts';
import './parley-admin-nav.ts';
import './parley-admin-pages.ts';
import './parley-admin-queue.ts';
import './parley-admin-readers.ts';
import './parley-admin-settings.ts';
import './parley-admin-sign-in.ts';

/**
 * The moderator view at `/admin`: signs in, keeps the session, the chosen site and the live
 * stream, announces results, and shows one screen at a time (routed by `location.hash`).
 */
@customElement('parley-admin')
export class ParleyAdmin extends LitElement {
  static override styles = [
    adminBase,
    css`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--_bg);
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(11rem, 14rem) 1fr;
        min-height: calc(100vh - 3.5rem);
      }
      @media (max-width: 720px) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
      main {
        padding: 1rem 1.25rem 4rem;
        min-width: 0;
      }
      main:focus {
        outline: none;
      }
      .skip {
        position: absolute;
        inset-inline-start: 0.5rem;
        top: -3rem;
      }
      .skip:focus {
        top: 0.5rem;
        z-index: 2;
      }
      .status {
        position: fixed;
        inset-inline: 0;
        bottom: 0;
        padding: 0.5rem 1.25rem;
        background: var(--_surface);
        border-top: 1px solid var(--_border);
        min-height: 2.5rem;
      }
      .status:empty {
        visibility: hidden;
      }
      .status.is-error {
        color: var(--_danger);
        font-weight: 600;
      }
      .centre {
        display: grid;
        place-items: center;
        min-height: 60vh;
      }
    `,
  ];

  /** BCP 47 tag for the interface language; the browser's when unset. */
  @property() locale: string | null = null;
  /** Reflected for tests and styling: the live event stream is subscribed. */
  @property({ type: Boolean, reflect: true, attribute: 'live' }) isLive = false;

  @state() private me: AdminMe | null | undefined = undefined;
  @state() private route: Route = parseRoute('');
  @state() private site = '';
  @state() private announcement = '';
  @state() private isErrorAnnouncement = false;
  @state() private signInNotice = '';

  @query('main') private main!: HTMLElement;
  @query('parley-admin-help') private help!: ParleyAdminHelp;

  readonly api = new AdminApi();
  readonly #live = new LiveController(this, this.api);

  get #t() {
    return adminStrings(this.locale ?? navigator.language);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.api.onUnauthorized = () => {
      if (this.me) this.#signOutLocally(this.#t.sessionExpired);
    };
    window.addEventListener('hashchange', this.#onHashChange);
    window.addEventListener('keydown', this.#onKeyDown);
    on(this, 'parley-admin-announce', (d) => this.#announce(d.message, d.isError));
    on(this, 'parley-admin-counts', (d) => this.#live.setCounts(d.counts));
    on(this, 'parley-admin-changed', () => void this.#live.refreshCounts());
    on(this, 'parley-admin-signed-in', (d) => this.#signedIn(d.me));
    on(this, 'parley-admin-undo', () => void this.#undo());
    on(this, 'parley-admin-site', (d) => (this.site = d.slug));
    on(this, 'parley-admin-help', () => this.help.show());
    on(this, 'parley-admin-sign-out', () => void this.#signOut());
    void this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHashChange);
    window.removeEventListener('keydown', this.#onKeyDown);
  }

  async #start() {
    const token = new URLSearchParams(location.hash.slice(1)).get('login-token');
    if (token) {
      // The token is single-use: drop it from the address bar and history before spending it.
      history.replaceState(null, '', `${location.pathname}${location.search}#/queue/pending`);
      this.signInNotice = this.#t.signInLinkUsed;
      try {
        this.#signedIn(await this.api.loginWithToken(token));
      } catch {
        this.signInNotice = this.#t.signInLinkFailed;
        this.me = null;
      }
      return;
    }
    try {
      this.#signedIn(await this.api.me());
    } catch {
      this.me = null;
    }
  }

  #signedIn(me: AdminMe) {
    this.me = me;
    this.signInNotice = '';
    this.route = parseRoute(location.hash);
    if (!me.sites.some((s) => s.slug === this.site)) this.site = me.sites[0]?.slug ?? '';
    void this.updateComplete.then(() => this.#focusMain());
  }

  #signOutLocally(notice = '') {
    this.#live.stop();
    this.me = null;
    this.signInNotice = notice;
  }

  async #signOut() {
    try {
      await this.api.logout();
    } catch (error) {
      this.#announce(errorMessage(error, this.#t), true);
    }
    this.#signOutLocally();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if ((changed.has('site') || changed.has('me')) && this.me) this.#live.start(this.site || undefined);
    this.isLive = this.#live.isLive;
  }

  #onHashChange = () => {
    const next = parseRoute(location.hash);
    const isNewScreen = next.screen !== this.route.screen || next.queue !== this.route.queue || next.readerId !== this.route.readerId;
    this.route = next;
    if (isNewScreen) void this.updateComplete.then(() => this.#focusMain());
  };

  /** `?` and `u` work on every screen; the queue handles its own keys. */
  #onKeyDown = (event: KeyboardEvent) => {
    if (!this.me || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event)) return;
    if (event.key === '?') {
      event.preventDefault();
      this.help.show();
    } else if (event.key === 'u') {
      event.preventDefault();
      void this.#undo();
    }
  };

  /**
   * Undoes the caller's last action wherever it was made; the open screen refreshes. A screen that
   * can show what came back (the queue: at its place, current again) is told which comments.
   */
  async #undo() {
    const t = this.#t;
    try {
      const result = await this.api.undo();
      this.#announce(t.undone);
      const screen = this.main?.firstElementChild as (HTMLElement & { showUndone?: (comments: AdminComment[]) => Promise<void> }) | null;
      if (screen?.showUndone) {
        void this.#live.refreshCounts();
        void screen.showUndone(result.comments);
      } else this.#live.bump();
    } catch (error) {
      const isNothing = error instanceof ApiError && error.code === 'conflict';
      this.#announce(isNothing ? error.message || t.nothingToUndo : errorMessage(error, t), true);
    }
  }

  #announce(message: string, isError = false) {
    // Re-setting the same text would not be read again: clear first, then set after the render.
    this.announcement = '';
    this.isErrorAnnouncement = isError;
    void this.updateComplete.then(() => {
      this.announcement = message;
    });
  }

  /** After a screen change, focus its heading so a screen reader announces where we are. */
  #focusMain() {
    const screen = this.main?.firstElementChild as (HTMLElement & { focusHeading?: () => Promise<void> }) | null;
    if (screen?.focusHeading) void screen.focusHeading();
    else this.main?.focus();
  }

  override render() {
    const t = this.#t;
    if (this.me === undefined) return html`<div class="centre" role="status">${this.signInNotice || t.loading}</div>`;
    if (this.me === null) return html`<parley-admin-sign-in .api=${this.api} .strings=${t} .notice=${this.signInNotice}></parley-admin-sign-in>`;
    return html`
      <button class="skip" @click=${() => this.#focusMain()}>${t.skipToContent}</button>
      <parley-admin-header .strings=${t} .me=${this.me} .site=${this.site}></parley-admin-header>
      <div class="layout">
        <parley-admin-nav .strings=${t} .route=${this.route} .counts=${this.#live.counts} .isAdmin=${this.me.moderator.role === 'admin'}></parley-admin-nav>
        <main id="main" tabindex="-1">${this.#renderScreen()}</main>
      </div>
      <div class="status ${this.isErrorAnnouncement ? 'is-error' : ''}" role="status" aria-live="polite">${this.announcement}</div>
      <parley-admin-help .strings=${t}></parley-admin-help>
    `;
  }

  #renderScreen() {
    const t = this.#t;
    const tick = this.#live.tick;
    switch (this.route.screen) {
      case 'pages':
        return html`<parley-admin-pages .api=${this.api} .strings=${t} .site=${this.site} .liveTick=${tick}></parley-admin-pages>`;
      case 'readers':
        return html`<parley-admin-readers .api=${this.api} .strings=${t} .site=${this.site} .readerId=${this.route.readerId ?? null}></parley-admin-readers>`;
      case 'settings':
        return html`<parley-admin-settings .api=${this.api} .strings=${t} .site=${this.site}></parley-admin-settings>`;
      case 'moderators':
        return html`<parley-admin-moderators .api=${this.api} .strings=${t} .sites=${this.me?.sites ?? []}></parley-admin-moderators>`;
      case 'import':
        return html`<parley-admin-import .api=${this.api} .strings=${t} .site=${this.site}></parley-admin-import>`;
      case 'email':
        return html`<parley-admin-email .api=${this.api} .strings=${t} .site=${this.site} .sites=${this.me?.sites ?? []} .liveTick=${tick}></parley-admin-email>`;
      case 'audit':
        return html`<parley-admin-audit .api=${this.api} .strings=${t} .site=${this.site} .liveTick=${tick}></parley-admin-audit>`;
      default:
        return html`<parley-admin-queue .api=${this.api} .strings=${t} .site=${this.site} .queue=${this.route.queue} .liveTick=${tick}></parley-admin-queue>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-admin': ParleyAdmin;
  }
}
