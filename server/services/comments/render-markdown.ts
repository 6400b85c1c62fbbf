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
  const html = renderPlainProse(source);
  return html === undefined ? renderMarkdownSlow(source) : { html, linkCount: 0 };
}

/** markdown-it, then the sanitiser: every body the plain-prose path turns down. Exported for its equivalence test. */
export function renderMarkdownSlow(source: string): Rendered {
  const html = sanitizeHtml(markdown.render(source), SANITIZE).trim();
  const linkCount = (html.match(/<a href=/g) ?? []).length;
  return { html, linkCount };
}

// Plain prose, the common comment, skips markdown-it and the sanitiser (~6 % of a post's CPU): its
// HTML is built here, byte for byte what the slow path gives (tests/server/markdown-fast-path.test.ts).
// Only these characters: letters, marks, digits, emoji (with ZWJ and VS16), space, newline and
// , ; ! ? ' " ( ) % . : -. None starts a Markdown construct, an entity or markup; `"` comes out
// as itself (markdown-it's &quot; is decoded by the sanitiser); no whitespace JS's trim() knows
// but the space, so the trimming below is markdown-it's.
const PROSE = /^[\p{L}\p{M}\p{N}\p{Extended_Pictographic}\p{Emoji_Modifier}\u200D\uFE0F \n,;!?'"()%.:-]*$/u;
// Its ASCII part, tried first: the Unicode property classes cost ~7× as much a character.
const ASCII_PROSE = /^[a-zA-Z0-9 \n,;!?'"()%.:-]*$/;
// Still not plain prose: `.` or `:` before a letter, digit or emoji (a domain, an IP, a scheme:
// linkify); a line opening with `-` or a number and `.` or `)` (a list); text four spaces in (code).
const NOT_PROSE = /[.:][^ \n.:,;!?'"()%-]|(?:^|\n)(?: {4,}[^ \n]| *(?:-|\d+[.)]))/u;

/** The HTML of a body that is plain paragraphs and nothing else, or undefined for anything more. */
export function renderPlainProse(source: string): string | undefined {
  // markdown-it's own normalisation of line endings.
  const text = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
  if (!(ASCII_PROSE.test(text) || PROSE.test(text)) || NOT_PROSE.test(text)) return undefined;
  // Blank lines part paragraphs; a single newline is a <br /> (breaks: true) and the spaces around it go.
  const paragraphs: string[] = [];
  let lines: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed) {
      lines.push(trimmed);
    } else if (lines.length) {
      paragraphs.push(`<p>${lines.join('<br />\n')}</p>`);
      lines = [];
    }
  }
  if (lines.length) paragraphs.push(`<p>${lines.join('<br />\n')}</p>`);
  return paragraphs.join('\n');
}

/**
 * HTML from elsewhere (an imported WordPress or Disqus comment) through the very allowlist a new
 * comment's rendered Markdown goes through: what the widget inserts is held to one standard.
 */
export function sanitizeCommentHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE).trim();
}
