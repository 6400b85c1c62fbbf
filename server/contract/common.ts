import { z } from 'zod';
import { EMAIL, LIMITS } from './limits.ts';

// Text a person typed: no NUL, no other C0 controls but tab and newlines, no lone surrogates.
// Postgres rejects NUL in text and lone surrogates are not UTF-8, so both must die here, not there.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LINE_BREAK = /[\r\n\u2028\u2029]/;

export const cleanText = (max: number) =>
  z
    .string()
    .max(max, `At most ${max} characters`)
    .refine((s) => s.isWellFormed(), 'Contains an invalid character (lone surrogate)')
    .refine((s) => !CONTROL.test(s), 'Contains a control character');

/** A one-line field (name, title, key): also no line breaks, trimmed, never empty. */
export const lineText = (max: number) =>
  cleanText(max)
    .refine((s) => !LINE_BREAK.test(s), 'Must be a single line')
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'Must not be empty'));

/** An id in a JSON body: a number, never `true` or `"5"` or `[5]` coerced into one. */
export const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** An id in a query string, where everything is text. */
export const IdParam = z.string().regex(/^\d{1,15}$/, 'Not a valid id').transform(Number).pipe(Id);

export const SiteSlug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'Lower-case letters, digits and dashes');

export const PageKey = cleanText(512)
  .refine((s) => !LINE_BREAK.test(s), 'Must be a single line')
  .pipe(z.string().min(1, 'Must not be empty'));

export const HttpUrl = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'Must be an http(s) URL');

export const Email = z.string().trim().max(LIMITS.email).pipe(z.email({ pattern: EMAIL, error: 'Must be an e-mail address' }));

export const Cursor = z.string().max(200).regex(/^[A-Za-z0-9_-]*$/, 'Not a cursor');

export const Limit = z.coerce.number().int().min(1).max(100);

export type ErrorBody = { error: { code: string; message: string; field?: string } };
