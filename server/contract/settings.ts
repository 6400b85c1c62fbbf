import { z } from 'zod';
import { lineText } from './common.ts';
import { LIMITS } from './limits.ts';

export const ModerationMode = z.enum(['all', 'first', 'none']);

/** The widget's language when neither its `locale` attribute nor the host page's `lang` says; also the language of the site's mails. */
export const Language = z.enum(['en', 'ru', 'ar']);

export const SiteSettings = z.object({
  /** `all`: every comment pre-moderated; `first`: until a reader has `trustThreshold` approved (at least one); `none`. */
  moderationMode: ModerationMode,
  language: Language,
  editWindowMinutes: z.number().int().min(0).max(10_080),
  maxDepth: z.number().int().min(1).max(10),
  maxBodyLength: z.number().int().min(1).max(LIMITS.body),
  maxNameLength: z.number().int().min(1).max(LIMITS.name),
  requireEmail: z.boolean(),
  linkLimit: z.number().int().min(0).max(100),
  flagThreshold: z.number().int().min(1).max(1000),
  closeAfterDays: z.number().int().min(0).max(36_500),
  // Same rules as any typed line: a NUL or lone surrogate must be a 4xx here, not a jsonb error.
  bannedWords: z.array(lineText(100)).max(2000),
  suspectWords: z.array(lineText(100)).max(2000),
  trustThreshold: z.number().int().min(0).max(1000),
  rateLimitPerMinute: z.number().int().min(1).max(10_000),
  minSecondsToPost: z.number().int().min(0).max(600),
  banAction: z.enum(['reject', 'hold']),
  /** Moderators who opted in get at most one "new pending comments" mail per this many minutes. */
  pendingAlertMinutes: z.number().int().min(1).max(10_080),
});
export type SiteSettings = z.infer<typeof SiteSettings>;

export const defaultSettings: SiteSettings = {
  moderationMode: 'none',
  language: 'en',
  editWindowMinutes: 15,
  maxDepth: 5,
  maxBodyLength: 5000,
  maxNameLength: 50,
  requireEmail: false,
  linkLimit: 2,
  flagThreshold: 3,
  closeAfterDays: 0,
  bannedWords: [],
  suspectWords: [],
  trustThreshold: 1,
  rateLimitPerMinute: 5,
  // From the first touch of the form to Post: a person needs more than a second to write anything.
  minSecondsToPost: 1,
  banAction: 'reject',
  pendingAlertMinutes: 15,
};

export const resolveSettings = (stored: Partial<SiteSettings> | null | undefined): SiteSettings => ({
  ...defaultSettings,
  ...(stored ?? {}),
});

/** What the widget needs to know: no word lists, nothing a spammer could use. */
export type PublicSettings = Pick<SiteSettings, 'editWindowMinutes' | 'maxDepth' | 'maxBodyLength' | 'maxNameLength' | 'requireEmail' | 'language'>;
