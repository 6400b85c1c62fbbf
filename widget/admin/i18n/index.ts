import { en, type AdminStrings } from './en.ts';
import { ru } from './ru.ts';

const locales: Record<string, AdminStrings> = { en, ru };

/** The strings for `locale` (a BCP 47 tag such as `ru-RU`), English when we have none. */
export function adminStrings(locale: string | null | undefined): AdminStrings {
  const base = (locale ?? '').toLowerCase().split('-')[0] ?? '';
  return locales[base] ?? en;
}

export type { AdminStrings };
