import { describe, expect, it } from 'vitest';
import { findListedWord } from '../../server/services/moderation/words.ts';

describe('word lists match whole words, case-insensitive, Unicode-aware, through cheap disguises', () => {
  const cases: Array<[text: string, words: string[], found: string | null]> = [
    ['Buy SPAM now', ['spam'], 'spam'],
    ['spammer', ['spam'], null],
    ['antispam', ['spam'], null],
    ['s.p.a.m', ['spam'], 'spam'],
    ['s p a m', ['spam'], 'spam'],
    ['sp\u200Bam', ['spam'], 'spam'],
    ['sp\u00ADam', ['spam'], 'spam'],
    ['5p4m', ['spam'], 'spam'],
    ['$p@m', ['spam'], 'spam'],
    ['Ѕраm (Cyrillic look-alikes)', ['spam'], 'spam'],
    ['ＳＰＡＭ (full width)', ['spam'], 'spam'],
    ['späm', ['spam'], 'spam'],
    ['Привет, МИР!', ['мир'], 'мир'],
    ['мирный договор', ['мир'], null],
    ['これは詐欺です', ['詐欺'], '詐欺'],
    ['كلمة سيئة هنا', ['سيئة'], 'سيئة'],
    ['get free  money', ['free money'], 'free money'],
    ['free... money!', ['free money'], 'free money'],
    ['free, then money', ['free money'], null],
    ['the year 2024', ['zoza'], null],
    ['nothing here', [], null],
  ];
  it.each(cases)('%j with %j finds %j', (text, words, found) => {
    expect(findListedWord(text, words)).toBe(found);
  });
});
