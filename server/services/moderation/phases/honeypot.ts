import { pass, spam, type Phase } from '../phase.ts';

// A field people never see: only a form-filling bot types into it.
export const honeypot: Phase = ({ comment, isEdit }) =>
  !isEdit && comment.honeypot !== undefined && comment.honeypot.trim() !== '' ? spam('honeypot') : pass;
