import { css, unsafeCSS } from 'lit';
import { visuallyHidden } from '../styles/visually-hidden.ts';

// Shared by every admin component. Themable only through `--parley-*`; the defaults meet WCAG AA
// contrast in both schemes (checked by axe in tests/e2e/admin-accessibility.test.ts).
const rules = css`
  :host {
    --_text: var(--parley-text, #1f2328);
    --_muted: var(--parley-muted, #57606a);
    --_bg: var(--parley-bg, #ffffff);
    --_surface: var(--parley-surface, #f6f8fa);
    --_border: var(--parley-border, #d0d7de);
    --_accent: var(--parley-accent, #0a58ca);
    --_accent-text: var(--parley-accent-text, #ffffff);
    --_danger: var(--parley-danger, #b42318);
    --_ok: var(--parley-ok, #1a7f37);
    --_warn-bg: var(--parley-warn-bg, #fff4d6);
    --_warn-text: var(--parley-warn-text, #6b4700);
    --_focus: var(--parley-focus, #0a58ca);
    --_radius: var(--parley-radius, 6px);
    color: var(--_text);
    font: var(--parley-font, 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_text: var(--parley-text, #e6edf3);
      --_muted: var(--parley-muted, #9da7b3);
      --_bg: var(--parley-bg, #0d1117);
      --_surface: var(--parley-surface, #161b22);
      --_border: var(--parley-border, #3d444d);
      --_accent: var(--parley-accent, #4493f8);
      --_accent-text: var(--parley-accent-text, #0d1117);
      --_danger: var(--parley-danger, #ff7b72);
      --_ok: var(--parley-ok, #3fb950);
      --_warn-bg: var(--parley-warn-bg, #3b2e00);
      --_warn-text: var(--parley-warn-text, #f2cc60);
      --_focus: var(--parley-focus, #79c0ff);
    }
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  h1,
  h2,
  h3 {
    line-height: 1.25;
    margin: 0 0 0.75rem;
  }
  h2 {
    font-size: 1.3rem;
  }
  button {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.3rem 0.75rem;
    cursor: pointer;
    min-height: 2rem;
  }
  button:hover {
    border-color: var(--_muted);
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }
  button.danger {
    color: var(--_danger);
  }
  button[disabled] {
    opacity: 0.6;
    cursor: default;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
    padding: 0.35rem 0.5rem;
  }
  input[type='checkbox'] {
    width: 1.1rem;
    height: 1.1rem;
    accent-color: var(--_accent);
  }
  label {
    display: block;
    font-weight: 600;
    margin-bottom: 0.25rem;
  }
  a {
    color: var(--_accent);
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: 0.45rem 0.6rem;
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
  }
  th {
    font-size: 0.85rem;
    color: var(--_muted);
    font-weight: 600;
  }
  .muted {
    color: var(--_muted);
  }
  .chip {
    display: inline-block;
    padding: 0.05rem 0.55rem;
    border-radius: 999px;
    font-size: 0.85rem;
    background: var(--_warn-bg);
    color: var(--_warn-text);
    border: 1px solid currentColor;
  }
  .error {
    color: var(--_danger);
    font-weight: 600;
  }
`;

export const adminBase = [rules, unsafeCSS(visuallyHidden)];

/** A modal `<dialog>` of the admin view (help, ban, confirm): its frame and backdrop; each sets its own width. */
export const adminDialog = css`
  dialog {
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1.25rem 1.5rem;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
`;

/** The element that has the focus, looking inside shadow roots: where a closing dialog sends it back. */
export function deepActiveElement(): HTMLElement | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el instanceof HTMLElement ? el : null;
}
