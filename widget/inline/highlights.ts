/**
 * Marks passages in the host article with the CSS Custom Highlight API: no element is inserted or
 * wrapped, so the page's markup, styles, links and text selection stay exactly as they were.
 * Browsers without it (`CSS.highlights` missing) still get the margin markers.
 */
const ALL = 'parley-passage';
const OPEN = 'parley-passage-open';

// `::highlight()` must be in the document's own styles to reach the article. A constructed sheet
// adds no element and needs no 'unsafe-inline' under a strict CSP.
const RULES = `::highlight(${ALL}){background-color:var(--parley-passage-bg,rgb(255 196 0 / .28))}
::highlight(${OPEN}){background-color:var(--parley-passage-open-bg,rgb(255 166 0 / .55))}`;

let sheet: CSSStyleSheet | null = null;

const registry = () => (globalThis.CSS && 'highlights' in CSS ? CSS.highlights : null);

/** Shows `ranges` as marked passages and `open` as the one whose panel is open. */
export function markPassages(doc: Document, ranges: Range[], open: Range | null): void {
  const highlights = registry();
  if (!highlights) return;
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(RULES);
  }
  if (!doc.adoptedStyleSheets.includes(sheet)) doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  highlights.set(ALL, new Highlight(...ranges));
  if (open) highlights.set(OPEN, new Highlight(open));
  else highlights.delete(OPEN);
}

/** Takes every mark away again (the widget left the page). */
export function clearPassages(doc: Document): void {
  registry()?.delete(ALL);
  registry()?.delete(OPEN);
  if (sheet) doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
}
