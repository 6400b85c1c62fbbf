import { UsageError, type Command } from './command.ts';

type Schema<T> = { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ message: string }> } } };

/** Checks one value given on the command line; a bad one is a usage error that names it. */
export function check<T>(schema: Schema<T>, value: unknown, what: string, command?: Command): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`${what} ${JSON.stringify(value)}: ${result.error.issues[0]?.message ?? 'not valid'}`, command);
  return result.data;
}

/** `--mode` must be one of a few words: say which. */
export function oneOf<const T extends string>(allowed: readonly T[], value: string, what: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${what} ${JSON.stringify(value)}: one of ${allowed.join(', ')}`);
}
