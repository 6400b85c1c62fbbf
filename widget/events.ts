import type { Anchor } from '../server/contract/comment.ts';
import type { FlagReason, Sort, SubscriptionKind } from './api-client.ts';

export type PostDetail = {
  parentId: number | null;
  body: string;
  author: { name: string; email: string; isSignedIn?: boolean };
  honeypot: string;
  /** Time from the reader's first interaction with the form to the post, in ms (0: never touched). */
  elapsedMs: number;
  /** Feedback on a passage of the article (from the passage's panel): its quote selector. */
  anchor?: Anchor;
};

/**
 * Every event the reader widget's components send up, by name (STYLE §7: `bubbles`, `composed`).
 * `<parley-comments>` turns each into one intent on its thread store. Add an event here first.
 */
export type ParleyEvents = {
  'parley-post': PostDetail;
  /** An edit of the comment whose form is open. */
  'parley-save': { body: string };
  'parley-cancel': null;
  /** Opens the one inline form: a reply under, or an edit of, comment `id`. */
  'parley-open': { kind: 'reply' | 'edit'; id: number };
  'parley-delete': { id: number };
  'parley-vote': { id: number; value: 1 | -1 | 0 };
  'parley-flag': { id: number; reason: FlagReason };
  'parley-sort': { sort: Sort };
  'parley-inline': { on: boolean };
  'parley-toggle': { id: number };
  'parley-more-replies': { id: number };
  'parley-subscribe': { email: string; kind: SubscriptionKind };
  /** A menu asks its owner to close it (Cancel, Escape). */
  'parley-dismiss': null;
};

export function emit<K extends keyof ParleyEvents>(from: EventTarget, name: K, detail: ParleyEvents[K]): void {
  from.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

/** Handles one of our events at `target` until `signal` aborts; the event stops there. */
export function listen<K extends keyof ParleyEvents>(target: EventTarget, name: K, handler: (detail: ParleyEvents[K]) => unknown, signal: AbortSignal): void {
  target.addEventListener(
    name,
    (e) => {
      e.stopPropagation();
      void handler((e as CustomEvent<ParleyEvents[K]>).detail);
    },
    { signal },
  );
}
