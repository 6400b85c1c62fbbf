import { hold, pass, type Phase } from '../phase.ts';

export const linkLimit: Phase = ({ comment, settings }) =>
  comment.linkCount > settings.linkLimit ? hold(`links: ${comment.linkCount}`) : pass;
