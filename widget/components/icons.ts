import { svg } from 'lit/html.js';

// Drawn, not emoji: a reader's system may have no emoji font, and glyphs differ between platforms.
export const icon = (d: string) =>
  svg`<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"><path d=${d}/></svg>`;

export const bellIcon = icon('M4 11.5V7a4 4 0 018 0v4.5l1 1H3zM6.5 14h3');
