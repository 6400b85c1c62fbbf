import { z } from 'zod';
import { Id, lineText } from './common.ts';

/*
 * Moderator accounts: signing in, passwords, the moderators an admin manages, and who the signed-in
 * moderator is (`AdminMe`). The routes and their rules (session cookie, CSRF header) are described
 * with the rest of the admin API in `admin.ts`.
 */

export const ModeratorRole = z.enum(['admin', 'moderator']);
export type ModeratorRole = z.infer<typeof ModeratorRole>;

const Password = z.string().min(1).max(200);

/**
 * A moderator's sign-in address. Unlike a reader's e-mail it may name a host without a dot: the
 * first admin is `admin@localhost`, and an intranet's `ed@newsroom` is a real address too (the
 * browser's own type=email check accepts both).
 */
export const AccountEmail = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/, 'Must be an e-mail address');
const NewPassword = z.string().min(10, 'At least 10 characters').max(200);

export const Login = z.object({ email: AccountEmail, password: Password });
export type Login = z.infer<typeof Login>;

export const TokenLogin = z.object({ token: z.string().min(16).max(200).regex(/^[A-Za-z0-9_-]+$/, 'Not a sign-in token') });
export type TokenLogin = z.infer<typeof TokenLogin>;

export const ChangePassword = z.object({ currentPassword: Password.optional(), newPassword: NewPassword });
export type ChangePassword = z.infer<typeof ChangePassword>;

export const NewModerator = z.object({
  email: AccountEmail,
  name: lineText(100),
  role: ModeratorRole,
  siteIds: z.array(Id).max(100).default([]),
  /** Without a password the answer carries a one-time sign-in link to hand over. */
  password: NewPassword.optional(),
});
export type NewModerator = z.infer<typeof NewModerator>;

export const ModeratorUpdate = z.object({
  name: lineText(100).optional(),
  role: ModeratorRole.optional(),
  siteIds: z.array(Id).max(100).optional(),
  isDisabled: z.boolean().optional(),
  password: NewPassword.optional(),
  /** Mail this moderator when comments of their sites wait for review (batched by `pendingAlertMinutes`). */
  isAlertedOfPending: z.boolean().optional(),
});
export type ModeratorUpdate = z.infer<typeof ModeratorUpdate>;

// ---- Responses ----

export type AdminSite = { id: number; slug: string; name: string };

export type ModeratorView = {
  id: number;
  email: string;
  name: string;
  role: ModeratorRole;
  /** Empty for admins: they act on every site. */
  siteIds: number[];
  hasPassword: boolean;
  isDisabled: boolean;
  /** Opted in to the "comments waiting for review" mail. */
  isAlertedOfPending: boolean;
  createdAt: string;
};

export type AdminMe = { moderator: ModeratorView; csrfToken: string; sites: AdminSite[] };

export type NewModeratorResult = { moderator: ModeratorView; signInLink: string | null };
