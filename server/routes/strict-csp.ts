import { createHash } from 'node:crypto';

/**
 * The Content-Security-Policy of the pages we serve (demo article, admin): our own scripts and
 * API only, and the page's one inline stylesheet allowed by its hash alone. Lit's constructed
 * stylesheets (adoptedStyleSheets) are not subject to style-src.
 */
export function strictCsp(inlineCss: string, options: { formAction: "'self'" | "'none'" }): string {
  const styleHash = createHash('sha256').update(inlineCss).digest('base64');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "connect-src 'self'",
    `style-src 'self' 'sha256-${styleHash}'`,
    "img-src 'self' data:",
    "base-uri 'none'",
    `form-action ${options.formAction}`,
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
