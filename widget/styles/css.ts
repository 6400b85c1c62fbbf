/**
 * The reader widget's `css` tag: plain CSS text, which `ParleyElement` (components/element.ts)
 * turns into one stylesheet per component class. Lit's `css` builds a CSSResult per literal, and its
 * code (~0.6 KB gzip) was in the reader's first download. Named `css` so the build still minifies
 * these literals (parley-minify-lit-css in vite.config.ts) and editors still highlight them.
 */
export const css = (strings: TemplateStringsArray, ...values: string[]): string => strings.reduce((text, s, i) => text + values[i - 1]! + s);
