import { render } from 'lit/html.js';

/**
 * The reader widget's component base: Lit's templates (lit-html) with the part of LitElement the
 * widget uses, in ~0.7 KB gzip instead of ReactiveElement's ~2.5 KB, which was the largest cut
 * left to reach the 15 KB first download (issue 16). Same contract as LitElement, so a component
 * reads like one (STYLE §7): `static properties` and `static styles`, `render()`, batched
 * asynchronous updates, `willUpdate` / `firstUpdated` / `updated` with the changed properties,
 * `updateComplete`, `requestUpdate`, controllers. Not here, because nothing in the widget uses them:
 * decorators, custom converters, `hasChanged`, `shouldUpdate`, async directives. The admin view
 * keeps LitElement.
 */

/** Lit's property options, the ones the widget uses. */
export type PropertyOptions = { attribute?: boolean; type?: typeof Boolean | typeof Number; state?: boolean; reflect?: boolean };
export type Changed = Map<PropertyKey, unknown>;

/** Lit's ReactiveController, the hooks the widget uses. */
export type Controller = { hostConnected?(): void; hostDisconnected?(): void };
export type ControllerHost = { addController(c: Controller): void; requestUpdate(): void; readonly updateComplete: Promise<boolean> };

type Self = Record<PropertyKey, unknown>;
type Finished = { sheet?: CSSStyleSheet; css: string; attributes: Map<string, [string, PropertyOptions]> };
const finished = new WeakMap<typeof ParleyElement, Finished>();

/**
 * Makes the accessors of `static properties` on the prototype (before any instance exists: the
 * class fields' initial values go through them) and the attribute table. Once per class.
 */
function finish(cls: typeof ParleyElement): Finished {
  let done = finished.get(cls);
  if (!done) {
    const attributes = new Map<string, [string, PropertyOptions]>();
    for (const [name, options] of Object.entries(cls.properties)) {
      Object.defineProperty(cls.prototype, name, {
        get(this: ParleyElement) {
          return this.values.get(name);
        },
        set(this: ParleyElement, value: unknown) {
          const old = this.values.get(name);
          this.values.set(name, value);
          this.requestUpdate(name, old);
        },
        configurable: true,
      });
      // Lit's default: the attribute is the property's name in lower case; state has none.
      if (!options.state && options.attribute !== false) attributes.set(name.toLowerCase(), [name, options]);
    }
    finished.set(cls, (done = { css: [cls.styles].flat(9).join(''), attributes }));
  }
  return done;
}

export class ParleyElement extends HTMLElement {
  static properties: Record<string, PropertyOptions> = {};
  /** CSS text from `css` (styles/css.ts), nested arrays allowed: one stylesheet per class. */
  static styles: unknown = [];

  static get observedAttributes(): string[] {
    return [...finish(this).attributes.keys()];
  }

  renderRoot!: ShadowRoot;
  hasUpdated = false;
  /** The values behind the accessors of `static properties`. */
  readonly values = new Map<string, unknown>();
  #changed: Changed = new Map();
  #isPending = false;
  #update!: Promise<boolean>;
  #connect!: () => void;
  #connected = new Promise<void>((resolve) => (this.#connect = resolve));
  #controllers: Controller[] = [];
  /** Properties set on the element before its class was defined (lit-html sets them on an un-upgraded element). */
  #early: [string, unknown][] = [];
  #reflecting = false;

  constructor() {
    super();
    for (const name of Object.keys((this.constructor as typeof ParleyElement).properties)) {
      if (Object.hasOwn(this, name)) {
        this.#early.push([name, (this as unknown as Self)[name]]);
        delete (this as unknown as Self)[name];
      }
    }
    this.requestUpdate();
  }

  addController(c: Controller): void {
    this.#controllers.push(c);
  }

  connectedCallback(): void {
    if (!this.renderRoot) {
      const cls = finish(this.constructor as typeof ParleyElement);
      // Constructable stylesheets: every browser that runs this bundle's class static blocks has them.
      if (!cls.sheet) (cls.sheet = new CSSStyleSheet()).replaceSync(cls.css);
      (this.renderRoot = this.attachShadow({ mode: 'open' })).adoptedStyleSheets = [cls.sheet];
    }
    this.#connect();
    for (const c of this.#controllers) c.hostConnected?.();
  }

  disconnectedCallback(): void {
    for (const c of this.#controllers) c.hostDisconnected?.();
  }

  attributeChangedCallback(attribute: string, _old: string | null, value: string | null): void {
    const [name, { type }] = finish(this.constructor as typeof ParleyElement).attributes.get(attribute)!;
    if (!this.#reflecting) (this as unknown as Self)[name] = type === Boolean ? value !== null : type === Number && value !== null ? Number(value) : value;
  }

  /** Schedules one update for everything changed in this task; `name` and `old` as in Lit. */
  requestUpdate(name?: string, old?: unknown): void {
    if (name !== undefined) {
      const value = (this as unknown as Self)[name];
      // Lit's notEqual: NaN to NaN is no change.
      if (value === old || (value !== value && old !== old)) return;
      if (!this.#changed.has(name)) this.#changed.set(name, old);
    }
    if (!this.#isPending) {
      this.#isPending = true;
      this.#update = this.#connected.then(() => this.#perform());
    }
  }

  /** Resolves after the pending update: true, or false if another one was asked for meanwhile. */
  get updateComplete(): Promise<boolean> {
    return this.#update;
  }

  #perform(): boolean {
    const changed = this.#changed;
    let result: unknown;
    try {
      for (const [name, value] of this.#early.splice(0)) (this as unknown as Self)[name] = value;
      // What willUpdate sets joins this update, as in Lit.
      this.willUpdate(changed);
      result = this.render();
      const { properties } = this.constructor as typeof ParleyElement;
      this.#reflecting = true;
      for (const name of changed.keys()) {
        if (!properties[name as string]?.reflect) continue;
        const value = (this as unknown as Self)[name];
        if (value == null) this.removeAttribute((name as string).toLowerCase());
        else this.setAttribute((name as string).toLowerCase(), String(value));
      }
    } finally {
      // A throwing render must not leave the element waiting forever for its next update.
      this.#reflecting = false;
      this.#changed = new Map();
      this.#isPending = false;
    }
    render(result, this.renderRoot, { host: this });
    if (!this.hasUpdated) {
      this.hasUpdated = true;
      this.firstUpdated(changed);
    }
    this.updated(changed);
    return !this.#isPending;
  }

  protected willUpdate(_changed: Changed): void {}
  protected render(): unknown {
    return undefined;
  }
  protected firstUpdated(_changed: Changed): void {}
  protected updated(_changed: Changed): void {}
}
