import type { en, Plural } from './en.ts';
import type { enMore } from './en-more.ts';

type Shape<T> = { [K in keyof T]: T[K] extends Plural ? Plural : string };
/** Every locale has every key of both English halves: `satisfies Strings` makes a missing one a type error. */
export type Strings = Shape<typeof en & typeof enMore>;
export type StringKey = { [K in keyof Strings]: Strings[K] extends string ? K : never }[keyof Strings];
export type PluralKey = { [K in keyof Strings]: Strings[K] extends Plural ? K : never }[keyof Strings];
