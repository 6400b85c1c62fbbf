import { hold, pass, type Phase } from '../phase.ts';
import { findListedWord } from '../words.ts';

export const suspectWords: Phase = ({ comment, settings }) => {
  const word = findListedWord(`${comment.authorName}\n${comment.body}`, settings.suspectWords);
  return word === null ? pass : hold(`suspect word: ${word}`);
};
