import { EMAIL, LIMITS } from '../../server/contract/limits.ts';
import type { PublicSettings } from '../../server/contract/settings.ts';
import type { I18n } from '../i18n/index.ts';
import type { FormError } from '../thread-state.ts';

/**
 * The checks a form can make before the round trip, with the numbers the server holds it to (the
 * contract's ceilings, the site's own limits below them), and the server's own field errors placed
 * on the field they name. Each message names the field and the rule: "Name: at most 60 characters".
 */

export type Field = 'body' | 'name' | 'email';
/** Field → its message, in the order the fields stand in the form: the first is the one to fix first. */
export type FieldErrors = Partial<Record<Field, string>>;

/** An API error's `field` (a path in the request) → the form field that holds it. */
const FIELD_OF: Record<string, Field> = { body: 'body', 'author.name': 'name', 'author.email': 'email', email: 'email' };

export const fieldOf = (error: FormError | null): Field | undefined => (error?.field ? FIELD_OF[error.field] : undefined);

/** An e-mail address as typed (trimmed by the caller): empty is fine unless `need` says why it is not. */
export function checkEmail(t: I18n, email: string, need?: 'emailRequired' | 'emailForReplies' | 'emailForSubscribe'): string | undefined {
  if (!email) return need && t.t(need);
  if (email.length > LIMITS.email || !EMAIL.test(email)) return t.t('emailInvalid');
  return undefined;
}

export type CommentInput = { body: string; name?: string; email?: string; notify?: boolean };

/** A new comment, reply or edit; `name` and `email` only when the form shows them (a guest's). */
export function checkComment(t: I18n, input: CommentInput, settings: PublicSettings | null | undefined): FieldErrors {
  const errors: FieldErrors = {};
  // As the server counts: the trimmed text against the site's limit, the raw text against the ceiling.
  const maxBody = Math.min(settings?.maxBodyLength ?? LIMITS.body, LIMITS.body);
  const body = input.body.trim();
  if (!body) errors.body = t.t('bodyEmpty');
  else if (body.length > maxBody || input.body.length > LIMITS.body) errors.body = t.plural('bodyTooLong', maxBody);
  if (input.name !== undefined) {
    const maxName = Math.min(settings?.maxNameLength ?? LIMITS.name, LIMITS.name);
    if (!input.name) errors.name = t.t('nameEmpty');
    else if (input.name.length > maxName) errors.name = t.plural('nameTooLong', maxName);
  }
  if (input.email !== undefined) {
    const need = settings?.requireEmail ? 'emailRequired' : input.notify ? 'emailForReplies' : undefined;
    const email = checkEmail(t, input.email, need);
    if (email) errors.email = email;
  }
  return errors;
}
