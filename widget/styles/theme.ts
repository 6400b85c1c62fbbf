import { css } from './css.ts';

// One dark palette, used by theme="dark" and by theme="auto" under prefers-color-scheme: dark.
const darkTokens = css`
    --parley-bg: #16181d;
    --parley-surface: #20242b;
    --parley-text: #e6e8eb;
    --parley-muted: #a3acb7;
    --parley-border: #3b424c;
    --parley-accent: #79b8ff;
    --parley-on-accent: #0b1220;
    --parley-danger: #ff8f85;
    --parley-highlight: #3d3616;
    --parley-pending-bg: #3d3112;
    --parley-pending-text: #ffd98a;
    --parley-focus: #79b8ff;
    color-scheme: dark;
`;

/**
 * The design tokens, set once on the outermost Parley element. A host page overrides any of them
 * from outside (`parley-comments { --parley-accent: teal }`): outer rules beat `:host` rules.
 * Inherited properties are reset here so the host page's typography does not leak in.
 */
export const theme = css`
  :host {
    --parley-bg: #ffffff;
    --parley-surface: #f6f8fa;
    --parley-text: #1f2328;
    --parley-muted: #57606a;
    --parley-border: #d0d7de;
    --parley-accent: #0a58ab;
    --parley-on-accent: #ffffff;
    --parley-danger: #b42318;
    --parley-highlight: #fff5c2;
    --parley-pending-bg: #fff1cc;
    --parley-pending-text: #6b4400;
    --parley-focus: #0a58ab;
    --parley-radius: 6px;
    --parley-font: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Arabic', sans-serif;
    --parley-mono: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    display: block;
    color: var(--parley-text);
    background: var(--parley-bg);
    font-family: var(--parley-font);
    font-size: var(--parley-font-size, 16px);
    font-weight: normal;
    font-style: normal;
    line-height: 1.5;
    letter-spacing: normal;
    text-align: start;
    text-transform: none;
    text-indent: 0;
    word-spacing: normal;
    white-space: normal;
    overflow-wrap: anywhere;
  }
  :host([theme='dark']) {
    ${darkTokens}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkTokens}
    }
  }
`;
