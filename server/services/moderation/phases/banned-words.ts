import { AppError } from '../../../errors.ts';
import { pass, type Phase } from '../phase.ts';
import { findListedWord } from '../words.ts';

// The word is not named back: the author learns the rule, a spammer gets no list to probe.
export const bannedWords: Phase = ({ comment, settings }) => {
  const text = `${comment.authorName}\n${comment.body}`;
  if (findListedWord(text, settings.bannedWords) === null) return pass;
  throw new AppError('banned_word', 'Your comment contains words that are not allowed on this site', 'body');
};
