import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { I18n } from '../i18n/index.ts';
import '../i18n/en-more.ts';
import { shared } from '../styles/shared.ts';
import { icon } from './icons.ts';
import { emit, type PostDetail } from '../events.ts';

const linkIcon = icon('M6.5 9.5l3-3M7 4.5l1.2-1.2a2.5 2.5 0 013.5 3.5L10.5 8M9 11.5l-1.2 1.2a2.5 2.5 0 01-3.5-3.5L5.5 8');
type Wrap = { key: 'bold' | 'italic' | 'link' | 'quote' | 'code'; label: string | typeof linkIcon; before: string; after: string; line?: boolean };
const TOOLS: Wrap[] = [
  { key: 'bold', label: 'B', before: '**', after: '**' },
  { key: 'italic', label: 'I', before: '_', after: '_' },
  { key: 'link', label: linkIcon, before: '[', after: '](https://)' },
  { key: 'quote', label: '❝', before: '> ', after: '', line: true },
  { key: 'code', label: '</>', before: '`', after: '`' },
];

/** The comment form: new comment, inline reply, or edit. Markdown toolbar and server-rendered preview. */
@customElement('parley-form')
export class ParleyForm extends LitElement {
  static override styles = [
    shared,
    css`
      form {
        display: grid;
        gap: 0.5em;
      }
      .editor {
        border: 1px solid var(--parley-border);
        border-radius: var(--parley-radius);
        background: var(--parley-bg);
      }
      .editor:focus-within {
        border-color: var(--parley-focus);
      }
      [role='toolbar'] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.15em;
        padding: 0.25em;
        border-bottom: 1px solid var(--parley-border);
        background: var(--parley-surface);
        border-radius: var(--parley-radius) var(--parley-radius) 0 0;
      }
      [role='toolbar'] button {
        color: var(--parley-text);
        min-width: 2em;
      }
      .tabs {
        margin-inline-start: auto;
      }
      .tabs button[aria-pressed='true'] {
        background: var(--parley-bg);
        border-color: var(--parley-border);
      }
      textarea {
        border: 0;
        border-radius: 0 0 var(--parley-radius) var(--parley-radius);
        min-height: 6em;
        resize: vertical;
        display: block;
      }
      .preview {
        min-height: 6em;
        padding: 0.5em 0.75em;
      }
      .who {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(12em, 1fr));
        gap: 0.5em;
      }
      .actions {
        display: flex;
        gap: 0.5em;
        align-items: center;
        justify-content: flex-end;
      }
      .hp {
        position: absolute;
        inset-inline-start: -10000px;
        width: 1px;
        height: 1px;
        overflow: hidden;
      }
      blockquote {
        margin: 0.5em 0;
        padding-inline-start: 0.75em;
        border-inline-start: 3px solid var(--parley-border);
        color: var(--parley-muted);
      }
      code,
      pre {
        font-family: var(--parley-mono);
        font-size: 0.9em;
      }
    `,
  ];

  @property({ attribute: false }) i18n!: I18n;
  @property() mode: 'new' | 'reply' | 'edit' = 'new';
  @property({ type: Number }) parentId: number | null = null;
  /** Whom a reply answers, for the field's label. */
  @property() replyTo = '';
  @property() initial = '';
  @property({ attribute: false }) author: { name: string; email: string; isSignedIn?: boolean } = { name: '', email: '' };
  @property({ type: Boolean }) busy = false;
  @property() error: string | null = null;
  @property({ type: Number }) maxLength = 5000;
  /** Bumped by the owner after a successful post: the form starts over. */
  @property({ type: Number }) resetKey = 0;
  @property({ attribute: false }) preview: (body: string) => Promise<string> = async () => '';

  @state() private body = '';
  @state() private name = '';
  @state() private email = '';
  @state() private previewHtml: string | null = null;
  @query('textarea') private textarea?: HTMLTextAreaElement;
  /**
   * When the reader first touched this form (focus, a key, a click in it), for the server's
   * too-fast check: a reader who writes a short comment right after the page opens is not a bot.
   * Null until then: a form submitted without ever being touched says so (elapsed 0).
   */
  private startedAt: number | null = null;
  private readonly markStart = () => (this.startedAt ??= Date.now());

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('initial')) this.body = this.initial;
    if (changed.has('author')) {
      this.name ||= this.author.name;
      this.email ||= this.author.email;
    }
    if (changed.has('resetKey') && changed.get('resetKey') !== undefined) {
      this.body = '';
      this.previewHtml = null;
      this.startedAt = null;
    }
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

  private submit(e: SubmitEvent) {
    e.preventDefault();
    if (this.busy) return;
    const form = e.target as HTMLFormElement;
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
    };
    emit(this, 'parley-post', detail);
  }

  override render() {
    const t = this.i18n;
    const label = this.mode === 'reply' ? t.t('replyTo', { name: this.replyTo }) : this.mode === 'edit' ? t.t('editComment') : t.t('yourComment');
    const isPreview = this.previewHtml !== null;
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
        <textarea id="body" part="textarea" ?hidden=${isPreview} required maxlength=${this.maxLength}
          placeholder=${t.t('placeholder')} .value=${this.body}
          aria-invalid=${this.error ? 'true' : 'false'} aria-describedby="form-error"
          @input=${(e: Event) => (this.body = (e.target as HTMLTextAreaElement).value)}></textarea>
      </div>
      ${this.mode === 'edit'
        ? nothing
        : this.author.isSignedIn
          ? html`<p class="muted" part="signed-in">${t.t('signedInAs', { name: this.author.name })}</p>`
          : html`<div class="who">
            <div><label for="name">${t.t('name')}</label>
              <input id="name" name="name" required autocomplete="name" maxlength="100" .value=${this.name}
                @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)} /></div>
            <div><label for="email">${t.t('emailOptional')}</label>
              <input id="email" name="email" type="email" autocomplete="email" maxlength="254" .value=${this.email}
                @input=${(e: Event) => (this.email = (e.target as HTMLInputElement).value)} /></div>
          </div>`}
      <div class="hp" aria-hidden="true"><label for="website">${t.t('honeypot')}</label><input id="website" name="website" tabindex="-1" autocomplete="off" /></div>
      <p id="form-error" class="error" role="alert" ?hidden=${!this.error}>${this.error ?? ''}</p>
      <div class="actions">
        ${this.mode === 'new' ? nothing : html`<button type="button" class="outline" @click=${() => emit(this, 'parley-cancel', null)}>${t.t('cancel')}</button>`}
        <button type="submit" class="primary" part="submit" ?disabled=${this.busy}>${submit}</button>
      </div>
    </form>`;
  }
}
