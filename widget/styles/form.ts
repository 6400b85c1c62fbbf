import { css } from './css.ts';
import { shared } from './shared.ts';

/** The comment form: toolbar, fields, field errors and preview. */
export const formStyles = [
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
      flex-wrap: wrap;
      gap: 0.5em;
      align-items: center;
      justify-content: flex-end;
    }
    .notify {
      margin-inline-end: auto;
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
