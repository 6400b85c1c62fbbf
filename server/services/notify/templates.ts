import { MAIL_STRINGS, type MailLanguage, type MailStrings } from './mail-strings.ts';

/** A mail's body and subject; headers and addresses are added by the sender. */
export type MailContent = { subject: string; text: string; html: string };

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/**
 * One header-safe line: no CR/LF (header injection), no other controls, bounded. Every name,
 * title and subject passes through here before it reaches a header.
 */
export const oneLine = (s: string, max = 150) => {
  const line = s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

export const stringsFor = (language: string | undefined): MailStrings => MAIL_STRINGS[(language ?? 'en') as MailLanguage] ?? MAIL_STRINGS.en;

/** Fills `{hole}`s with raw values (for the subject and the text part). */
export const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));

/** Fills `{hole}`s with escaped values: the template is ours, every value is escaped. */
const fillHtml = (template: string, values: Record<string, string | number>) =>
  escapeHtml(template).replace(/\{(\w+)\}/g, (_, key: string) => escapeHtml(String(values[key] ?? '')));

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

/** The plain text of sanitised comment HTML (our own allowlist's output), for the text part. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|pre|blockquote|ul|ol)>/gi, '\n\n')
    .replace(/<li>/gi, '- ')
    .replace(/<\/li>/gi, '\n')
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gi, (_, href: string, text: string) => (text === href ? text : `${text} (${href})`))
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (m, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#') && name !== '#39') return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? m;
    })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function page(strings: MailStrings, inner: string): string {
  const dir = strings.dir;
  return `<!doctype html><html dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2328;max-width:40em;margin:0 auto;padding:1em" dir="${dir}">${inner}</body></html>`;
}

const button = (href: string, label: string) =>
  `<p><a href="${escapeHtml(href)}" style="display:inline-block;padding:.5em 1em;background:#0969da;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(label)}</a></p>`;

const footer = (why: string, unsubscribeUrl: string, label: string) =>
  `<hr style="border:0;border-top:1px solid #d0d7de"><p style="font-size:.875em;color:#57606a">${escapeHtml(why)} <a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(label)}</a></p>`;

export function confirmMail(language: string, v: { title: string; confirmUrl: string }): MailContent {
  const s = stringsFor(language);
  const title = oneLine(v.title);
  return {
    subject: oneLine(fill(s.confirmSubject, { title })),
    text: `${fill(s.confirmIntro, { title })}\n\n${s.confirmAction}: ${v.confirmUrl}\n\n${s.confirmIgnore}\n`,
    html: page(s, `<p>${fillHtml(s.confirmIntro, { title })}</p>${button(v.confirmUrl, s.confirmAction)}<p style="color:#57606a">${escapeHtml(s.confirmIgnore)}</p>`),
  };
}

export function commentMail(
  language: string,
  v: { isReply: boolean; title: string; author: string; bodyHtml: string; permalink: string; unsubscribeUrl: string },
): MailContent {
  const s = stringsFor(language);
  const values = { title: oneLine(v.title), author: oneLine(v.author, 80) };
  const why = v.isReply ? s.whyReplies : s.whyPage;
  const intro = v.isReply ? s.replyIntro : s.commentIntro;
  return {
    subject: oneLine(fill(v.isReply ? s.replySubject : s.commentSubject, values)),
    text: `${fill(intro, values)}\n\n${htmlToText(v.bodyHtml)}\n\n${s.viewComment}: ${v.permalink}\n\n-- \n${why}\n${s.unsubscribe}: ${v.unsubscribeUrl}\n`,
    // bodyHtml is the comment's stored HTML: rendered without raw HTML and passed through the
    // allowlist sanitiser at write time (DESIGN §6), the same markup the widget shows.
    html: page(
      s,
      `<p>${fillHtml(intro, values)}</p><blockquote style="margin:0;padding:0 1em;border-inline-start:3px solid #d0d7de">${v.bodyHtml}</blockquote>${button(v.permalink, s.viewComment)}${footer(why, v.unsubscribeUrl, s.unsubscribe)}`,
    ),
  };
}

export function testMail(language: string): MailContent {
  const s = stringsFor(language);
  return { subject: s.testSubject, text: `${s.testBody}\n`, html: page(s, `<p>${escapeHtml(s.testBody)}</p>`) };
}

export function pendingAlertMail(language: string, v: { site: string; count: number; queueUrl: string }): MailContent {
  const s = stringsFor(language);
  const values = { site: oneLine(v.site, 80), count: v.count };
  return {
    subject: oneLine(fill(s.pendingSubject, values)),
    text: `${fill(s.pendingIntro, values)}\n\n${s.pendingAction}: ${v.queueUrl}\n`,
    html: page(s, `<p>${fillHtml(s.pendingIntro, values)}</p>${button(v.queueUrl, s.pendingAction)}`),
  };
}

/** The one stylesheet of the link pages; the route allows it by hash in a strict CSP. */
export const LINK_PAGE_CSS = 'body{font-family:system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em;line-height:1.5}button{font:inherit;padding:.4em 1em}';

/** A plain page for the confirm and unsubscribe links: escaped, no script, the site's language. */
export function plainPage(language: string, message: string, form?: { action: string; button: string }): string {
  const s = stringsFor(language);
  const formHtml = form ? `<form method="post" action="${escapeHtml(form.action)}"><button type="submit">${escapeHtml(form.button)}</button></form>` : '';
  return `<!doctype html><html lang="${escapeHtml(language)}" dir="${s.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>Parley</title><style>${LINK_PAGE_CSS}</style></head><body><p>${escapeHtml(message)}</p>${formHtml}</body></html>`;
}
