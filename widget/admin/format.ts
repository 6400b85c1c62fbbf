import { ApiError } from './api.ts';
import type { AdminStrings } from './i18n/en.ts';

/** A date as the moderator's locale writes it, with the time. */
export const formatDate = (iso: string | null | undefined, locale?: string): string =>
  iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '';

/** The server states reasons in English; show known ones in the moderator's language. */
export function reasonLabel(reason: string, t: AdminStrings): string {
  if (reason === 'first comment') return t.reasonFirst;
  if (reason === 'pre-moderation') return t.reasonPremod;
  let m = reason.match(/^suspect word: (.+)$/);
  if (m) return t.reasonSuspect(m[1]!);
  m = reason.match(/^reported ×(\d+)$/);
  if (m) return t.reasonReported(m[1]!);
  m = reason.match(/^links: (\d+)$/);
  if (m) return t.reasonLinks(m[1]!);
  return reason;
}

/** What to tell the moderator about a failed call: the server's own message for 4xx, ours otherwise. */
export function errorMessage(error: unknown, t: AdminStrings): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t.errorNetwork;
    if (error.status === 401) return t.sessionExpired;
    if (error.status >= 400 && error.status < 500) return error.message;
  }
  return t.errorGeneric;
}

/** A one-line excerpt of sanitised HTML, for places that show text only (never inserted as HTML). */
export function excerpt(html: string, max = 140): string {
  const text = new DOMParser().parseFromString(html, 'text/html').body.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
