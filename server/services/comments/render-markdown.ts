import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Raw HTML off: a `<script>` typed by a reader is text, never markup. linkify turns bare URLs into links.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
// Headings, tables, images and horizontal rules are not comment material: render them as text.
markdown.disable(['heading', 'lheading', 'table', 'image', 'hr']);

// Links in comments are absolute http(s) or mailto URLs only. A scheme-less `[x](/account/delete)`
// or `[x](plaintext)` would be a relative href into the host site: markdown-it leaves a link it
// does not validate as its source text.
const ABSOLUTE_LINK = /^(https?:\/\/[^\s/]|mailto:)/i;
const isAbsoluteLink = (url: string) => ABSOLUTE_LINK.test(url.trim());
markdown.validateLink = isAbsoluteLink;

// DESIGN §6: exactly this allowlist, spelled out; no sanitiser defaults are trusted.
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'a', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li'],
  allowedAttributes: { a: ['href', 'rel', 'target'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    s: 'del',
    // Never produced by the Markdown renderer; imported WordPress and Disqus comments use them.
    b: 'strong',
    i: 'em',
    a: (tagName, attribs) => ({
      tagName,
      attribs: {
        // Imported HTML: a relative href is dropped, the text stays (an <a> without href is no link).
        ...(attribs.href && isAbsoluteLink(attribs.href) ? { href: attribs.href } : {}),
        rel: 'nofollow ugc noopener noreferrer',
        target: '_blank',
      },
    }),
  },
};

export type Rendered = { html: string; linkCount: number };

/** Markdown to the allowlisted HTML that is stored in `body_html` and inserted by the widget as is. */
export function renderMarkdown(source: string): Rendered {
  const html = sanitizeHtml(markdown.render(source), SANITIZE).trim();
  const linkCount = (html.match(/<a href=/g) ?? []).length;
  return { html, linkCount };
}

/**
 * HTML from elsewhere (an imported WordPress or Disqus comment) through the very allowlist a new
 * comment's rendered Markdown goes through: what the widget inserts is held to one standard.
 */
export function sanitizeCommentHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE).trim();
}
