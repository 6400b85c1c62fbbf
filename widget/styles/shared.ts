import { css } from './css.ts';
import { visuallyHidden } from './visually-hidden.ts';

/** Controls every Parley component shares: buttons, fields, visually hidden text, focus rings. */
const rules = css`
  :host {
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button {
    font: inherit;
    font-size: 0.875em;
    color: var(--parley-accent);
    background: transparent;
    border: 1px solid transparent;
    border-radius: var(--parley-radius);
    padding: 0.25em 0.5em;
    cursor: pointer;
    line-height: 1.4;
  }
  button:hover:not(:disabled) {
    background: var(--parley-surface);
  }
  button:disabled {
    cursor: default;
    opacity: 0.7;
  }
  button.primary {
    color: var(--parley-on-accent);
    background: var(--parley-accent);
    font-weight: 600;
    padding: 0.45em 1em;
  }
  button.primary:hover:not(:disabled) {
    background: var(--parley-accent);
    filter: brightness(1.1);
  }
  button.outline {
    border-color: var(--parley-border);
    color: var(--parley-text);
  }
  :focus-visible {
    outline: 2px solid var(--parley-focus);
    outline-offset: 2px;
  }
  input,
  textarea,
  select {
    font: inherit;
    color: var(--parley-text);
    background: var(--parley-bg);
    border: 1px solid var(--parley-border);
    border-radius: var(--parley-radius);
    padding: 0.45em 0.6em;
    width: 100%;
  }
  label {
    font-size: 0.875em;
    color: var(--parley-muted);
  }
  .error {
    color: var(--parley-danger);
    font-size: 0.875em;
  }
  .muted {
    color: var(--parley-muted);
    font-size: 0.875em;
  }
`;

export const shared = [rules, visuallyHidden];
