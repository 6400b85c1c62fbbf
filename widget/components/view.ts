import type { MeView } from '../api-client.ts';
import type { PublicSettings } from '../../server/contract/settings.ts';
import type { I18n } from '../i18n/index.ts';
import type { FormError } from '../thread-state.ts';

/** What a thread needs to draw itself, passed down from `<parley-comments>` as one property. */
export type ThreadView = {
  i18n: I18n;
  me: MeView | null;
  /** The page takes new comments and replies (not locked, not closed). */
  isOpen: boolean;
  /** The one open inline form: a reply under, or an edit of, comment `id`. */
  active: { kind: 'reply' | 'edit'; id: number } | null;
  busy: boolean;
  formError: FormError | null;
  /** The site's limits, which the forms check before sending. */
  settings: PublicSettings | null;
  highlightId: number | null;
  collapsed: ReadonlySet<number>;
  now: number;
  author: { name: string; email: string };
  preview(body: string): Promise<string>;
  /** The Markdown an own comment was written in, for editing it. */
  sourceOf(id: number): string;
};
