import { AppError } from '../../../errors.ts';
import { pass, type Phase } from '../phase.ts';

const canonical = (body: string) => body.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();

// The same words again (case and spacing aside) as one of the reader's latest comments: a double
// click, or a bot pasting one message everywhere.
export const repeatPost: Phase = ({ comment, recentBodies }) => {
  const body = canonical(comment.body);
  if (!recentBodies.some((recent) => canonical(recent) === body)) return pass;
  throw new AppError('duplicate', 'You have already posted this comment', 'body');
};
