import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors.ts';
import { humanMessage } from './field-messages.ts';

function toAppError(error: z.ZodError): AppError {
  const { message, field } = humanMessage(error.issues[0]!);
  return new AppError('validation', message, field);
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw toAppError(result.error);
  return result.data;
}

/** The JSON body, checked against its contract schema; anything else is a 4xx, never a 500. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new AppError('bad_request', 'Send JSON with Content-Type: application/json');
  }
  let value: unknown;
  try {
    value = await c.req.json();
  } catch {
    throw new AppError('bad_request', 'The body is not valid JSON');
  }
  return parseWith(schema, value);
}

/** Query parameters; names listed in `arrays` may repeat (`?page=a&page=b`). */
export function query<S extends z.ZodType>(c: Context, schema: S, arrays: string[] = []): z.infer<S> {
  const raw: Record<string, unknown> = { ...c.req.query() };
  for (const name of arrays) raw[name] = c.req.queries(name) ?? [];
  return parseWith(schema, raw);
}

/** `query` for a hot read route (memoizedQuery): parse, or peek at a string parsed before. */
export type MemoizedQuery<T> = ((c: Context) => Readonly<T>) & {
  /** The kept answer for a query string (`?…`, or '' for none) parsed before; never parses. */
  peek(search: string): Readonly<T> | undefined;
};

/**
 * `query` for a hot read route: each distinct query string is parsed once and its (frozen) answer
 * kept, since the same string always parses the same. A failure is not kept: it throws every time.
 */
export function memoizedQuery<S extends z.ZodType>(schema: S, capacity = 1000): MemoizedQuery<z.infer<S>> {
  const memo = new Map<string, Readonly<z.infer<S>>>();
  const parse = (c: Context) => {
    const url = c.req.url;
    const at = url.indexOf('?');
    const search = at === -1 ? '' : url.slice(at);
    let parsed = memo.get(search);
    if (parsed === undefined) {
      parsed = Object.freeze(query(c, schema));
      if (memo.size >= capacity) memo.clear();
      memo.set(search, parsed);
    }
    return parsed;
  };
  return Object.assign(parse, { peek: (search: string) => memo.get(search) });
}

export function idParam(c: Context, name = 'id'): number {
  const raw = c.req.param(name) ?? '';
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1) throw new AppError('validation', `${name === 'id' ? 'Id' : name}: not a valid id`, name);
  return Number(raw);
}

export const bearerToken = (c: Context): string | undefined => {
  const header = c.req.header('authorization');
  const match = header?.match(/^Bearer\s+([A-Za-z0-9_-]{1,200})$/);
  return match?.[1];
};
