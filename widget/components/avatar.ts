import { svg, type SVGTemplateResult } from 'lit/html.js';

/** FNV-1a: the seed is any string (base64url today); 32 well-mixed bits from it. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A 5×5 mirrored identicon drawn from the server's `avatarSeed` (a hash, never the e-mail):
 * no request to any avatar service. Colours are SVG attributes, which a strict CSP allows.
 */
export function avatar(seed: string): SVGTemplateResult {
  const bits = hash(seed);
  const hue = hash(`${seed}:hue`) % 360;
  const cells: SVGTemplateResult[] = [];
  for (let i = 0; i < 15; i++) {
    if (!seed || !((bits >>> i) & 1)) continue;
    const x = i % 3;
    const y = Math.floor(i / 3);
    cells.push(svg`<rect x=${x + 1} y=${y + 1} width="1" height="1"/>`);
    if (x < 2) cells.push(svg`<rect x=${5 - x} y=${y + 1} width="1" height="1"/>`);
  }
  return svg`<svg viewBox="0 0 7 7" width="40" height="40" aria-hidden="true" part="avatar">
    <rect width="7" height="7" fill=${seed ? `hsl(${hue} 45% 92%)` : '#d0d7de'}/>
    <g fill=${`hsl(${hue} 55% 38%)`}>${cells}</g>
  </svg>`;
}
