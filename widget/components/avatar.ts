import { svg, type SVGTemplateResult } from 'lit/html.js';

/** FNV-1a: the seed is any string (base64url today); 32 well-mixed bits from it. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A 5×5 mirrored identicon drawn from the server's `avatarSeed` (a hash, never the e-mail):
 * no request to any avatar service. Colours are SVG attributes, which a strict CSP allows. The
 * cells are one path (a square per cell), so an avatar is one small template whatever its pattern:
 * a list of 60 comments renders 60 of them before its first paint.
 */
export function avatar(seed: string): SVGTemplateResult {
  const bits = hash(seed);
  const hue = hash(`${seed}:hue`) % 360;
  let cells = '';
  for (let i = 0; i < 15; i++) {
    if (!seed || !((bits >>> i) & 1)) continue;
    const x = i % 3;
    const y = Math.floor(i / 3);
    cells += `M${x + 1} ${y + 1}h1v1h-1z`;
    if (x < 2) cells += `M${5 - x} ${y + 1}h1v1h-1z`;
  }
  return svg`<svg viewBox="0 0 7 7" width="40" height="40" aria-hidden="true" part="avatar">
    <rect width="7" height="7" fill=${seed ? `hsl(${hue} 45% 92%)` : '#d0d7de'}/>
    <path fill=${`hsl(${hue} 55% 38%)`} d=${cells}/>
  </svg>`;
}
