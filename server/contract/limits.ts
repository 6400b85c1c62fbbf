/**
 * The numbers the API holds a reader's comment to, as plain constants: the zod schemas in this
 * folder use them, and so does the widget's form, which checks a field before the round trip
 * without pulling zod into its bundle (nothing here imports anything). A site's own, smaller
 * limits (`maxNameLength`, `maxBodyLength`) come with its `PublicSettings`; these are the ceilings.
 */
export const LIMITS = {
  /** A guest's display name; also the most `maxNameLength` may be. */
  name: 100,
  /** RFC 5321's longest address. */
  email: 254,
  /** A comment's Markdown; also the most `maxBodyLength` may be. */
  body: 20_000,
  /** The article's title a post brings along. */
  title: 300,
} as const;

/**
 * What the API takes for an e-mail address: zod 4's own `z.regexes.email` ("practical", stricter
 * than a browser's `type=email`, which accepts `a@b`), copied so the widget can use it too.
 */
export const EMAIL = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
