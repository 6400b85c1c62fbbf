import type { SiteSettings } from '../../contract/settings.ts';

/**
 * Everything a phase may look at, gathered before the pipeline runs: phases do no I/O, so each
 * is a pure function tested with a table of cases.
 */
export type ModerationSnapshot = {
  now: Date;
  settings: SiteSettings;
  isEdit: boolean;
  page: { isLocked: boolean; isClosed: boolean };
  reader: { id: number; approvedCount: number; rejectedCount: number };
  comment: {
    body: string;
    linkCount: number;
    authorName: string;
    email: string | null;
    honeypot: string | undefined;
    /** Milliseconds between the form being shown and the post; null when the client did not say. */
    elapsedMs: number | null;
  };
  /** Active bans that match this reader, e-mail or IP hash. */
  bans: Array<{ kind: 'reader' | 'email' | 'ip'; reason: string; expiresAt: Date | null }>;
  /** Posts in the current rate window, this one included, and the seconds until it resets. */
  rate: { reader: number; ip: number; retryAfter: number };
  /** The reader's latest comment bodies (Markdown), newest first. */
  recentBodies: string[];
  /** From the pluggable checker (Akismet-style), when one is configured. */
  externalSpam: boolean | null;
};

export type PhaseResult =
  | { kind: 'pass' }
  | { kind: 'hold'; status: 'pending' | 'spam'; reason: string };

/** Returns pass or hold, or throws an `AppError` to reject: nothing stored, the author told why. */
export type Phase = (snapshot: ModerationSnapshot) => PhaseResult;

export const pass: PhaseResult = { kind: 'pass' };
export const hold = (reason: string): PhaseResult => ({ kind: 'hold', status: 'pending', reason });
export const spam = (reason: string): PhaseResult => ({ kind: 'hold', status: 'spam', reason });
