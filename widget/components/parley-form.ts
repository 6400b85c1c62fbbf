import { html, nothing } from 'lit/html.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { PublicSettings } from '../../server/contract/settings.ts';
import type { I18n } from '../i18n/index.ts';
import '../i18n/en-more.ts';
import { formStyles } from '../styles/form.ts';
import type { FormError } from '../thread-state.ts';
import { ParleyElement, type Changed } from './element.ts';
import { icon } from './icons.ts';
import { emit, type PostDetail } from '../events.ts';
import { checkComment, fieldOf, type Field, type FieldErrors } from './form-checks.ts';

const linkIcon = icon('M6.5 9.5l3-3M7 4.5l1.2-1.2a2.5 2.5 0 013.5 3.5L10.5 8M9 11.5l-1.2 1.2a2.5 2.5 0 01-3.5-3.5L5.5 8');
type Wrap = { key: 'bold' | 'italic' | 'link' | 'quote' | 'code'; label: string | typeof linkIcon; before: string; after: string; line?: boolean };
const TOOLS: Wrap[] = [
  { key: 'bold', label: 'B', before: '**', after: '**' },
  { key: 'italic', label: 'I', before: '_', after: '_' },
  { key: 'link', label: linkIcon, before: '[', after: '](https://)' },
  { key: 'quote', label: '❝', before: '> ', after: '', line: true },
  { key: 'code', label: '</>', before: '`', after: '`' },
];

/**
 * The comment form: new comment, inline reply, or edit. Markdown toolbar and server-rendered preview.
 * Post checks what the site's limits allow before anything is sent; a field that fails, or that the
 * server's answer names, shows its message under it, is marked invalid and described by it, gets
 * the focus, and the message is read out.
 */
export class ParleyForm extends ParleyElement {
  static override properties = { i18n: { attribute: false }, mode: {}, parentId: { type: Number }, replyTo: {}, initial: {}, author: { attribute: false }, busy: { type: Boolean }, error: { attribute: false }, settings: { attribute: false }, resetKey: { type: Number }, preview: { attribute: false }, body: { state: true }, name: { state: true }, email: { state: true }, notify: { state: true }, previewHtml: { state: true }, checked: { state: true }, dismissed: { state: true } };

  static override styles = formStyles;

  i18n!: I18n;
  mode: 'new' | 'reply' | 'edit' = 'new';
  parentId: number | null = null;
  /** Whom a reply answers, for the field's label. */
  replyTo = '';
  initial = '';
  author: { name: string; email: string; isSignedIn?: boolean } = { name: '', email: '' };
  busy = false;
  /** The server's answer to the last post or save, when it was an error. */
  error: FormError | null = null;
  /** The site's limits (name and comment length, e-mail required), as the server will check them. */
  settings: PublicSettings | null = null;
  /** Bumped by the owner after a successful post: the form starts over. */
  resetKey = 0;
  preview: (body: string) => Promise<string> = async () => '';

  private body = '';
  private name = '';
  private email = '';
  private notify = false;
  private previewHtml: string | null = null;
  /** What Post found wrong before sending; each goes when the reader changes its field. */
  private checked: FieldErrors = {};
  /** The server's error once it no longer stands: a newer check replaced it, or its field was changed. */
  private dismissed: FormError | null = null;
  private get textarea(): HTMLTextAreaElement | null {
    return this.renderRoot?.querySelector<HTMLTextAreaElement>('textarea') ?? null;
  }
  /**
   * When the reader first touched this form (focus, a key, a click in it), for the server's
   * too-fast check: a reader who writes a short comment right after the page opens is not a bot.
   * Null until then: a form submitted without ever being touched says so (elapsed 0).
   */
  private startedAt: number | null = null;
  /** This form sent something and the answer is not in yet. */
  private isWaiting = false;
  private readonly markStart = () => (this.startedAt ??= Date.now());

  override willUpdate(changed: Changed) {
    if (changed.has('initial')) this.body = this.initial;
    if (changed.has('author')) {
      this.name ||= this.author.name;
      this.email ||= this.author.email;
    }
    if (changed.has('resetKey') && changed.get('resetKey') !== undefined) {
      this.body = '';
      this.previewHtml = null;
      this.startedAt = null;
      this.checked = {};
    }
  }

  override updated(changed: Changed) {
    // The server refused a field of what this form sent: the reader goes to it, as after a check
    // here. Only this form's own post (the inline panel's form shares the main form's error).
    const field = fieldOf(this.error);
    if (changed.has('error') && this.isWaiting && field && this.hasField(field)) void this.focusField(field);
    if (changed.has('busy') && !this.busy) this.isWaiting = false;
  }

  override firstUpdated() {
    // An inline form opens where the reader asked for it: type at once.
    if (this.mode !== 'new') this.focus();
  }

  override focus() {
    this.updateComplete.then(() => this.textarea?.focus());
  }

  /**
   * Takes over from the compose box that stood in while this code loaded: its text, its caret, the
   * time the reader first touched it and, if the reader is in it, the focus.
   */
  async resume(from: HTMLTextAreaElement, hasFocus: boolean, touchedAt: number): Promise<void> {
    const { value, selectionStart, selectionEnd } = from;
    this.startedAt = touchedAt;
    this.body = value;
    await this.updateComplete;
    if (!hasFocus || !this.textarea) return;
    this.textarea.focus();
    this.textarea.setSelectionRange(selectionStart, selectionEnd);
  }

  private apply(tool: Wrap) {
    const ta = this.textarea;
    if (!ta) return;
    const { selectionStart: start, selectionEnd: end, value } = ta;
    const picked = value.slice(start, end) || this.i18n.t(tool.key);
    const text = tool.line ? picked.split('\n').map((l) => tool.before + l).join('\n') : tool.before + picked + tool.after;
    this.body = value.slice(0, start) + text + value.slice(end);
    this.updateComplete.then(() => {
      ta.focus();
      const inner = tool.line ? text.length : tool.before.length + picked.length;
      ta.setSelectionRange(start + (tool.line ? 0 : tool.before.length), start + inner);
    });
  }

  private async togglePreview(on: boolean) {
    if (!on) {
      this.previewHtml = null;
      this.focus();
      return;
    }
    this.previewHtml = '';
    this.previewHtml = this.body.trim() ? await this.preview(this.body).catch(() => '') : '';
  }

  private onKey(e: KeyboardEvent) {
    if (e.key === 'Escape' && this.mode !== 'new') {
      e.preventDefault();
      emit(this, 'parley-cancel', null);
      return;
    }
    if (!(e.ctrlKey || e.metaKey)) return;
    const tool = e.key === 'b' ? TOOLS[0] : e.key === 'i' ? TOOLS[1] : undefined;
    if (tool) {
      e.preventDefault();
      this.apply(tool);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      this.renderRoot.querySelector('form')?.requestSubmit();
    }
  }

  /** Name and e-mail are asked of guests only, and not when editing. */
  private get isGuest(): boolean {
    return this.mode !== 'edit' && !this.author.isSignedIn;
  }

  private hasField(field: Field): boolean {
    return field === 'body' || this.isGuest;
  }

  /** The messages to show: this form's own check first, else the server's answer (on its field if shown here). */
  private get errors(): { fields: FieldErrors; general: string } {
    if (Object.keys(this.checked).length) return { fields: this.checked, general: '' };
    const e = this.error;
    if (!e || e === this.dismissed) return { fields: {}, general: '' };
    const field = fieldOf(e);
    return field && this.hasField(field) ? { fields: { [field]: e.message }, general: '' } : { fields: {}, general: e.message };
  }

  /** The reader changed `field`: its message has done its job. */
  private edited(field: Field) {
    if (this.checked[field]) this.checked = Object.fromEntries(Object.entries(this.checked).filter(([f]) => f !== field));
    if (fieldOf(this.error) === field) this.dismissed = this.error;
  }

  private async focusField(field: Field) {
    if (field === 'body') this.previewHtml = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#${field}`)?.focus();
  }

  /** Checks every field the server will; false (and the reader is shown why) if one fails. */
  private check(): boolean {
    const guest = this.isGuest;
    const found = checkComment(
      this.i18n,
      { body: this.body, ...(guest ? { name: this.name.trim(), email: this.email.trim(), notify: this.notify } : {}) },
      this.settings,
    );
    this.checked = {};
    const first = Object.keys(found)[0] as Field | undefined;
    if (first) void this.show(found, first);
    return !first;
  }

  private async show(found: FieldErrors, first: Field) {
    // Emptied first (above), so the live region changes and the same words are read out again on a second try.
    await this.updateComplete;
    this.checked = found;
    this.dismissed = this.error;
    await this.focusField(first);
  }

  private submit(e: SubmitEvent) {
    e.preventDefault();
    if (this.busy) return;
    const form = e.target as HTMLFormElement;
    if (!this.check()) return;
    this.isWaiting = true;
    if (this.mode === 'edit') {
      emit(this, 'parley-save', { body: this.body });
      return;
    }
    const detail: PostDetail = {
      parentId: this.parentId,
      body: this.body,
      // Signed in: the same object goes up, so the owner keeps knowing who is signed in.
      author: this.author.isSignedIn ? this.author : { name: this.name.trim(), email: this.email.trim() },
      honeypot: (form.elements.namedItem('website') as HTMLInputElement).value,
      elapsedMs: this.startedAt === null ? 0 : Date.now() - this.startedAt,
      ...(this.notify ? { notifyReplies: true } : {}),
    };
    emit(this, 'parley-post', detail);
  }

  override render() {
    const t = this.i18n;
    const label = this.mode === 'reply' ? t.t('replyTo', { name: this.replyTo }) : this.mode === 'edit' ? t.t('editComment') : t.t('yourComment');
    const isPreview = this.previewHtml !== null;
    const { fields, general } = this.errors;
    const fieldText = Object.values(fields).join(' ');
    // A field's message under it, and what makes it invalid and describes it to a screen reader.
    const problem = (field: Field) => (fields[field] ? html`<p id="${field}-error" class="error">${fields[field]}</p>` : nothing);
    const described = (field: Field) => (fields[field] ? `${field}-error` : nothing);
    const submit = this.mode === 'edit' ? t.t('save') : this.mode === 'reply' ? t.t('postReply') : t.t('post');
    return html`<form part="form" @submit=${this.submit} @keydown=${this.onKey} @focusin=${this.markStart} @pointerdown=${this.markStart} novalidate>
      <div class="editor">
        <div role="toolbar" aria-label=${t.t('formatting')}>
          ${TOOLS.map((tool) => html`<button type="button" aria-label=${t.t(tool.key)} title=${t.t(tool.key)} ?disabled=${isPreview} @click=${() => this.apply(tool)}>${tool.label}</button>`)}
          <span class="tabs">
            <button type="button" aria-pressed=${!isPreview} @click=${() => this.togglePreview(false)}>${t.t('write')}</button>
            <button type="button" aria-pressed=${isPreview} @click=${() => this.togglePreview(true)}>${t.t('preview')}</button>
          </span>
        </div>
        <label class="visually-hidden" for="body">${label}</label>
        ${isPreview
          ? html`<div class="preview" part="preview" aria-live="polite">${this.previewHtml ? unsafeHTML(this.previewHtml) : html`<p class="muted">${t.t('previewEmpty')}</p>`}</div>`
          : nothing}
        <textarea id="body" part="textarea" ?hidden=${isPreview} required
          placeholder=${t.t('placeholder')} .value=${this.body}
          aria-invalid=${fields.body ? 'true' : 'false'} aria-describedby=${described('body')}
          @input=${(e: Event) => ((this.body = (e.target as HTMLTextAreaElement).value), this.edited('body'))}></textarea>
      </div>
      ${problem('body')}
      ${this.mode === 'edit'
        ? nothing
        : this.author.isSignedIn
          ? html`<p class="muted" part="signed-in">${t.t('signedInAs', { name: this.author.name })}</p>`
          : html`<div class="who">
            <div><label for="name">${t.t('name')}</label>
              <input id="name" name="name" required autocomplete="name" .value=${this.name}
                aria-invalid=${fields.name ? 'true' : 'false'} aria-describedby=${described('name')}
                @input=${(e: Event) => ((this.name = (e.target as HTMLInputElement).value), this.edited('name'))} />
              ${problem('name')}</div>
            <div><label for="email">${t.t('emailOptional')}</label>
              <input id="email" name="email" type="email" autocomplete="email" .value=${this.email}
                aria-invalid=${fields.email ? 'true' : 'false'} aria-describedby=${described('email')}
                @input=${(e: Event) => ((this.email = (e.target as HTMLInputElement).value), this.edited('email'))} />
              ${problem('email')}</div>
          </div>`}
      <div class="hp" aria-hidden="true"><label for="website">${t.t('honeypot')}</label><input id="website" name="website" tabindex="-1" autocomplete="off" /></div>
      <p class="error" role="alert" ?hidden=${!general}>${general}</p>
      <!-- The fields' messages, read out: always there (a live region added with its text may go unread), an alert while it speaks. -->
      <div class="visually-hidden" aria-live="assertive" role=${fieldText ? 'alert' : nothing}>${fieldText}</div>
      <div class="actions">
        ${this.mode === 'edit'
          ? nothing
          : html`<label class="notify" part="notify"><input type="checkbox" .checked=${this.notify}
              @change=${(e: Event) => ((this.notify = (e.target as HTMLInputElement).checked), this.edited('email'))} /> ${t.t('notifyMe')}</label>`}
        ${this.mode === 'new' ? nothing : html`<button type="button" class="outline" @click=${() => emit(this, 'parley-cancel', null)}>${t.t('cancel')}</button>`}
        <button type="submit" class="primary" part="submit" ?disabled=${this.busy}>${submit}</button>
      </div>
    </form>`;
  }
}

customElements.define('parley-form', ParleyForm);
