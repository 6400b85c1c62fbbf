import { en } from './en.ts';
import type { PluralKey, StringKey, Strings } from './strings.ts';

export type { Strings } from './strings.ts';
/** English before `en-more.ts` has loaded: the first-paint half (the code that needs the rest imports it). */
const english = en as Strings;
export type Locale = 'en' | 'ru' | 'ar';
// English is in the bundle; other tables are small chunks fetched only by readers who need them.
const TABLES: Record<Locale, () => Promise<Strings>> = {
  en: async () => english,
  ru: async () => (await import('./ru.ts')).ru,
  ar: async () => (await import('./ar.ts')).ar,
};
const RTL = new Set(['ar']);

/** `locale` attribute first, else the nearest `lang` on the host page, else English. */
export function pickLocale(requested: string | null | undefined, host: Element): Locale {
  const tags = [requested, host.closest('[lang]')?.getAttribute('lang'), ...navigator.languages];
  for (const tag of tags) {
    const base = tag?.toLowerCase().split('-')[0];
    if (base && base in TABLES) return base as Locale;
  }
  return 'en';
}

const fill = (text: string, vars: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));

/** Strings, plurals, numbers and dates of one locale: every visible word goes through here. */
export class I18n {
  readonly strings: Strings;
  readonly dir: 'ltr' | 'rtl';
  private readonly plurals: Intl.PluralRules;
  private readonly numbers: Intl.NumberFormat;
  private readonly dates: Intl.DateTimeFormat;
  private readonly relative: Intl.RelativeTimeFormat;

  static async load(locale: Locale): Promise<I18n> {
    return new I18n(locale, await TABLES[locale]());
  }

  constructor(
    readonly locale: Locale,
    table: Strings = english,
  ) {
    this.strings = table;
    this.dir = RTL.has(locale) ? 'rtl' : 'ltr';
    this.plurals = new Intl.PluralRules(locale);
    this.numbers = new Intl.NumberFormat(locale);
    this.dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' });
    this.relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  }

  t(key: StringKey, vars: Record<string, string | number> = {}): string {
    return fill(this.strings[key] ?? key, vars);
  }

  plural(key: PluralKey, n: number): string {
    const forms = this.strings[key];
    const text = forms[this.plurals.select(n)] ?? forms.other;
    return fill(text, { n: this.numbers.format(n) });
  }

  number(n: number): string {
    return this.numbers.format(n);
  }

  date(iso: string): string {
    return this.dates.format(new Date(iso));
  }

  /** "5 minutes ago"; past a month the full date reads better. */
  ago(iso: string, now = Date.now()): string {
    const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
    const steps: [Intl.RelativeTimeFormatUnit, number][] = [['second', 60], ['minute', 60], ['hour', 24], ['day', 30]];
    let value = seconds;
    for (const [unit, size] of steps) {
      if (Math.abs(value) < size) return this.relative.format(unit === 'second' && Math.abs(value) < 10 ? 0 : value, unit);
      value = Math.round(value / size);
    }
    return this.date(iso);
  }

  /** An API error in the reader's language; the server's message is the fallback. */
  error(code: string, message: string): string {
    const key = `error_${code}` as StringKey;
    if (key in this.strings && key !== 'error_unknown') return this.t(key, { message });
    return this.t('error_unknown', { message });
  }
}
