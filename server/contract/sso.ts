import { z } from 'zod';
import { Email, lineText, SiteSlug } from './common.ts';

/**
 * `POST /api/v1/readers/sso { site, sso }`. The `sso` string is checked by the service, not here:
 * anything malformed, forged or expired is one answer, 401 `sso_invalid`, whatever the flaw.
 */
export const SsoRequest = z.object({ site: SiteSlug, sso: z.string().max(16_384) });

/**
 * What the site's backend signs: `{ id, name, email?, exp }`, exp in unix seconds. A numeric id is
 * taken as its decimal text (many sites' user ids are numbers); unknown keys are ignored.
 */
export const SsoPayload = z.object({
  id: z.union([z.string(), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).transform(String)]).pipe(lineText(200)),
  name: lineText(100),
  email: z.union([Email, z.literal(''), z.null()]).optional(),
  exp: z.number().int().positive(),
});
export type SsoPayload = z.infer<typeof SsoPayload>;

/** A signed-in reader's bearer token, shown once, as `POST /readers` shows a guest's. */
export type SsoReaderView = { id: number; token: string; name: string };

