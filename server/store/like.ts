/** `s` as a literal inside a LIKE pattern: `\\`, `%` and `_` escaped (backslash is PostgreSQL's default ESCAPE). */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
