import { svg } from 'lit';

// Drawn, not emoji: a reader's system may have no emoji font, and glyphs differ between platforms.
const icon = (d: string) =>
  svg`<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"><path d=${d}/></svg>`;

export const linkIcon = icon('M6.5 9.5l3-3M7 4.5l1.2-1.2a2.5 2.5 0 013.5 3.5L10.5 8M9 11.5l-1.2 1.2a2.5 2.5 0 01-3.5-3.5L5.5 8');
export const bellIcon = icon('M4 11.5V7a4 4 0 018 0v4.5l1 1H3zM6.5 14h3');
