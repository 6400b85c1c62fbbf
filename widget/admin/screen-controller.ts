import { LitElement, html, nothing, type PropertyValues, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { property, query } from 'lit/decorators.js';
import type { AdminApi } from './api.ts';
import { emit } from './events.ts';
import { errorMessage } from './format.ts';
import type { AdminStrings } from './i18n/en.ts';
import { screenStyles } from './screen-styles.ts';
import { adminBase } from './styles.ts';

/*
 * The scaffolding every admin screen shares, written once:
 *
 * - `AdminScreen`, the base class: the `api`, `strings`, `site` and `liveTick` the shell hands
 *   every screen, the shared styles, focus on the `<h2>` after navigation, `announce()`, and one
 *   refresh rule: `refresh()` runs when the site changes (and so on the first render) and
 *   `liveRefresh()` (by default `refresh()`) on every live event after that.
 * - `ScreenController<V>`: one value loaded from the server, with its loading state and error;
 *   a stale answer (an older load that ends after a newer one) is dropped.
 * - `ListController<T>`: a cursor-paged list on top of it, with the empty state and "Load more".
 *
 * A screen then keeps only what is its own:
 *
 *     @customElement('parley-admin-things')
 *     class Things extends AdminScreen {
 *       readonly #things = new ListController(this, (cursor) => this.api.things({ site: this.site, cursor }));
 *       protected override refresh() { void this.#things.load(); }
 *       override render() {
 *         return html`<h2 tabindex="-1">${this.strings.screen_things}</h2>
 *           ${this.#things.render({ empty: this.strings.noThings, list: (things) => html`<table>…</table>` })}`;
 *       }
 *     }
 */

/** What a paged admin list answers with, whatever its item is called in the contract. */
export type Paged<T> = { items: T[]; nextCursor: string | null };

type Host = ReactiveControllerHost & { strings: AdminStrings };

export class ScreenController<V> implements ReactiveController {
  /** Undefined until the first load succeeds. */
  value: V | undefined = undefined;
  /** True from creation until the first load settles; later reloads keep what is shown. */
  isLoading = true;
  error = '';
  #seq = 0;

  constructor(
    protected readonly host: Host,
    private readonly fetchValue: () => Promise<V>,
  ) {
    host.addController(this);
  }

  hostConnected() {}

  /** Loads (or reloads) the value; with `clear`, what was shown goes first (e.g. another record). */
  load({ clear = false } = {}): Promise<void> {
    if (clear) this.value = undefined;
    return this.run(this.fetchValue, (value) => (this.value = value));
  }

  /** Replaces the value, e.g. with what a save returned. */
  set(value: V) {
    this.value = value;
    this.error = '';
    this.host.requestUpdate();
  }

  /**
   * Runs one request: on success applies its answer and clears the error, on failure keeps what is
   * shown and sets the error in the moderator's words. An answer overtaken by a newer request is dropped.
   */
  protected async run<R>(task: () => Promise<R>, apply: (result: R) => void): Promise<void> {
    const seq = ++this.#seq;
    this.host.requestUpdate();
    try {
      const result = await task();
      if (seq !== this.#seq) return;
      apply(result);
      this.error = '';
    } catch (error) {
      if (seq === this.#seq) this.error = errorMessage(error, this.host.strings);
    } finally {
      if (seq === this.#seq) this.isLoading = false;
      this.host.requestUpdate();
    }
  }

  renderError(): TemplateResult | typeof nothing {
    return this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing;
  }

  renderLoading(): TemplateResult | typeof nothing {
    return this.isLoading ? html`<p role="status">${this.host.strings.loading}</p>` : nothing;
  }

  /** The error, then "Loading…" or `ready(value)`; nothing while there is no value after a failure. */
  render(ready: (value: V) => unknown): unknown {
    return html`${this.renderError()}${this.isLoading ? this.renderLoading() : this.value === undefined ? nothing : ready(this.value)}`;
  }
}

export class ListController<T> extends ScreenController<T[]> {
  nextCursor: string | null = null;

  constructor(
    host: Host,
    private readonly fetchPage: (cursor: string | null) => Promise<Paged<T>>,
  ) {
    super(host, async () => (await fetchPage(null)).items);
  }

  get items(): T[] {
    return this.value ?? [];
  }

  /** The first page again, replacing what is shown. */
  override load(): Promise<void> {
    return this.run(
      () => this.fetchPage(null),
      (page) => {
        this.value = page.items;
        this.nextCursor = page.nextCursor;
      },
    );
  }

  /** The next page, appended. */
  more(): Promise<void> {
    const cursor = this.nextCursor;
    if (!cursor) return Promise.resolve();
    return this.run(
      () => this.fetchPage(cursor),
      (page) => {
        this.value = [...this.items, ...page.items];
        this.nextCursor = page.nextCursor;
      },
    );
  }

  /** Changes the items on screen after an action (a row updated or removed), keeping the cursor. */
  update(change: (items: T[]) => T[]) {
    this.value = change(this.items);
    this.host.requestUpdate();
  }

  renderMore(): TemplateResult | typeof nothing {
    return this.nextCursor ? html`<p class="more"><button @click=${() => void this.more()}>${this.host.strings.loadMore}</button></p>` : nothing;
  }

  /**
   * The error, then "Loading…", the empty state or `list(items)`, then "Load more" while there is
   * more. Without `empty`, `list` renders an empty list too.
   */
  override render(list: (items: T[]) => unknown, empty?: unknown): unknown {
    const body = this.isLoading ? this.renderLoading() : this.items.length === 0 && empty !== undefined ? html`<p>${empty}</p>` : list(this.items);
    return html`${this.renderError()}${body}${this.renderMore()}`;
  }
}

/** The base of the screens beside the queue: what the shell hands them and what they all do. */
export abstract class AdminScreen extends LitElement {
  static override styles = [adminBase, screenStyles];

  @property({ attribute: false }) api!: AdminApi;
  @property({ attribute: false }) strings!: AdminStrings;
  @property() site = '';
  /** Bumped by the shell on every live event; screens that show live data reload on it. */
  @property({ type: Number }) liveTick = 0;
  @query('h2') protected heading!: HTMLElement;

  /** Called by the shell after navigation, so a screen reader announces where we are. */
  async focusHeading() {
    await this.updateComplete;
    this.heading?.focus();
  }

  /** Says something in the shell's status line (an outcome, or an error with `isError`). */
  protected announce(message: string, isError = false) {
    emit(this, 'parley-admin-announce', { message, isError });
  }

  /** Loads what the screen shows; runs on the first render and whenever the site changes. */
  protected abstract refresh(): void;

  /** Runs on each live event (not the first render); screens that show no live data override it with nothing. */
  protected liveRefresh(): void {
    this.refresh();
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('site')) this.refresh();
    else if (changed.has('liveTick') && changed.get('liveTick') !== undefined) this.liveRefresh();
  }
}
