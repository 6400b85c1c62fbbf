import fc from 'fast-check';
import type { z } from 'zod';

/**
 * fast-check arbitraries for property tests: values shaped by a zod contract (mostly valid, so
 * requests reach the handlers), with hostile values mixed in at every level.
 */

const chars = (codes: number[]) => fc.constantFrom(...codes.map((c) => String.fromCharCode(c)));
const CONTROL = [...Array.from({ length: 32 }, (_, i) => i), 0x7f, 0x85, 0x9b];

/** The hostile string classes, each its own arbitrary, so a failure names its class. */
export const hostileStrings = {
  control: fc.array(fc.oneof(chars(CONTROL), fc.constant('a')), { minLength: 1, maxLength: 12 }).map((a) => a.join('')),
  loneSurrogate: fc.constantFrom('\uD800', 'a\uDC00b', '\uDBFF', 'x\uD83D', '\uDE00\uD83D'),
  bidi: fc.constantFrom('\u202Eevil\u202C', '\u2066x\u2069', 'abc\u202Ddef', '\u200F\u200E'),
  zeroWidth: fc.constantFrom('\u200D', 'a\u200Bb', '\uFEFF', '\u2060\u200C'),
  overLong: fc.integer({ min: 5_000, max: 60_000 }).map((n) => 'x'.repeat(n)),
  numberLike: fc.constantFrom('1', '-1', '0', '1e309', 'NaN', 'Infinity', '0x10', '9007199254740993', ' 7 ', '1.5'),
  markup: fc.constantFrom('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '[x](javascript:alert(1))', '${7*7}', "' or 1=1 --"),
  protoKey: fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'),
};

export const hostileString: fc.Arbitrary<string> = fc.oneof(...Object.values(hostileStrings));

/** An object whose own keys are `__proto__`, `constructor`…: JSON text carries them as data. */
const protoObject = fc
  .tuple(hostileStrings.protoKey, fc.oneof(fc.constant({ polluted: true, isAdmin: true }), fc.string({ maxLength: 5 })))
  .map(([key, value]) => {
    const o: Record<string, unknown> = {};
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
    return o;
  });

/** Nested arrays/objects deep enough to hurt a recursive walker (still valid JSON). */
const deepJson = fc.integer({ min: 50, max: 3_000 }).map((depth) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
});

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53 + 1, 1e308, -0, [], {}),
  protoObject,
  deepJson,
  fc.array(hostileString, { maxLength: 3 }),
);

/** Plausible values for common field names: they keep a request valid where a check needs a real one. */
const HINTS: Record<string, fc.Arbitrary<unknown>> = {
  site: fc.constantFrom('demo', 'demo', 'nope', 'DEMO'),
  page: fc.constantFrom('/property', '/property/2', 'no-slash', '/'),
  url: fc.constantFrom('https://news.example/property', 'https://news.example/property', 'javascript:alert(1)'),
  allowedOrigins: fc.constantFrom('https://news.example', 'https://other.example', 'not an origin'),
  title: fc.constantFrom('A page', 'Ünïcødé title'),
  email: fc.constantFrom('reader@example.com', 'not-an-address', 'a@b'),
  body: fc.oneof(fc.constantFrom('A plain comment', '**bold** and _em_ [a link](https://example.com)', '[x](/account/delete)'), fc.string({ maxLength: 200 })),
  name: fc.constantFrom('Prop', 'Ünïcødé Name', 'Prop'),
  password: fc.constantFrom('a long enough password', 'short'),
  currentPassword: fc.constantFrom('correct horse battery', 'wrong password here'),
  newPassword: fc.constantFrom('a brand new long password', 'short'),
  to: fc.constantFrom('test@example.com', 'nope'),
  token: fc.constantFrom('x'.repeat(43), 'short'),
  reason: fc.constantFrom('spam', 'abuse', 'other', 'nonsense'),
};

/** Whole-field hints (any type): `undefined` leaves the key out of the JSON. */
const FIELD_HINTS: Record<string, fc.Arbitrary<unknown>> = {
  anchor: fc.constantFrom(undefined, undefined, { exact: 'a passage', prefix: 'before ', suffix: ' after', start: 7, end: 16, page: '/property' }, { exact: 'x', start: 5, end: 1, page: '/elsewhere' }),
  // Ids 1 and 2 are the first comments of a fresh database; 999999 is nobody.
  parentId: fc.constantFrom(undefined, undefined, 1, 999_999),
  commentId: fc.constantFrom(undefined, 1, 2, 999_999),
  ids: fc.constantFrom([1], [2], [1, 2], [999_999]),
  readerId: fc.constantFrom(undefined, 1, 2, 999_999),
  siteIds: fc.constantFrom([], [1], [999_999]),
  honeypot: fc.constantFrom(undefined, '', 'filled in by a bot'),
  elapsedMs: fc.constantFrom(undefined, 60_000, 0),
};

type Check = { check: string; minimum?: number; maximum?: number; value?: number; format?: string; pattern?: RegExp };
const checksOf = (def: Def): Check[] => [...(def.check ? [def as unknown as Check] : []), ...((def.checks as Array<{ _zod: { def: Check } }> | undefined) ?? []).map((c) => c._zod.def)];

function stringArb(def: Def, field: string | undefined): fc.Arbitrary<unknown> {
  if (field && HINTS[field]) return HINTS[field]!;
  const checks = checksOf(def);
  const format = checks.find((c) => c.check === 'string_format');
  if (format?.format === 'email') return HINTS.email!;
  if (format?.format === 'url') return HINTS.url!;
  if (format?.pattern) return fc.stringMatching(format.pattern).filter((x) => x.length <= 200);
  const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
  const max = Math.max(min, Math.min(checks.find((c) => c.check === 'max_length')?.maximum ?? 40, min + 40));
  return fc.string({ minLength: min, maxLength: max });
}

function numberArb(def: Def): fc.Arbitrary<unknown> {
  const checks = checksOf(def);
  const isInt = checks.some((c) => c.format === 'safeint' || c.format === 'int32') || def.format === 'safeint' || def.format === 'int32';
  const lo = checks.find((c) => c.check === 'greater_than')?.value ?? (isInt ? -5 : -1e6);
  const hi = checks.find((c) => c.check === 'less_than')?.value ?? (isInt ? 200 : 1e6);
  return isInt ? fc.integer({ min: Math.ceil(lo), max: Math.max(Math.ceil(lo), Math.min(Math.floor(hi), Math.ceil(lo) + 1000)) }) : fc.double({ min: lo, max: hi, noNaN: true });
}

type Def = { type: string; [k: string]: any };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function valid(schema: z.ZodType, field: string | undefined, depth: number, hostile: boolean): fc.Arbitrary<unknown> {
  const fromSchema = (s: z.ZodType, f?: string, d = 0) => schemaValue(s, f, d, hostile);
  if (field && FIELD_HINTS[field]) return FIELD_HINTS[field]!;
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const entries = Object.entries(shape).map(([k, v]) => [k, fromSchema(v, k, depth + 1)] as const);
      const required = Object.keys(shape).filter((k) => !['optional', 'default'].includes(defOf(shape[k]!).type));
      return fc.record(Object.fromEntries(entries), { requiredKeys: required });
    }
    case 'string':
      return stringArb(def, field);
    case 'number':
      return numberArb(def);
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map((o) => fromSchema(o, field, depth + 1)));
    case 'array':
      return fc.array(fromSchema(def.element, field, depth + 1), { maxLength: 4 });
    case 'record':
      return fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), hostileStrings.protoKey), fromSchema(def.valueType, undefined, depth + 1), { maxKeys: 3 });
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
    case 'catch':
      return fromSchema(def.innerType, field, depth);
    case 'pipe':
      return fromSchema(def.in, field, depth);
    case 'lazy':
      return depth > 4 ? fc.constant(null) : fromSchema(def.getter(), field, depth + 1);
    default:
      return fc.anything({ maxDepth: 2 });
  }
}

function schemaValue(schema: z.ZodType, field: string | undefined, depth: number, hostile: boolean): fc.Arbitrary<unknown> {
  const shaped = valid(schema, field, depth, hostile);
  return hostile ? fc.oneof({ arbitrary: shaped, weight: 5 }, { arbitrary: hostileValue, weight: 1 }) : shaped;
}

/**
 * A value for `schema`: half the time shaped by it throughout (so requests get past validation),
 * half the time with hostile values at any node (about 1 in 6 per node).
 */
export function fromSchema(schema: z.ZodType): fc.Arbitrary<unknown> {
  return fc.oneof(schemaValue(schema, undefined, 0, false), schemaValue(schema, undefined, 0, true));
}

/** Raw bodies that are not the JSON a handler expects at all. */
export const hostileRawBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', '{', 'null', '[]', '"a string"', '{"a":1}{"b":2}', '\u0000', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"polluted":true}}}'),
  fc.integer({ min: 2_000, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 2_000, max: 20_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
);
