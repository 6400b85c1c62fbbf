import { hold, pass, type Phase } from '../phase.ts';

// Trust cuts both ways: a reader whose comments moderators keep rejecting is held, whatever the
// site mode, until approvals catch up with rejections.
export const LOW_TRUST_REJECTIONS = 3;

export const trust: Phase = ({ reader }) =>
  reader.rejectedCount >= LOW_TRUST_REJECTIONS && reader.rejectedCount > reader.approvedCount
    ? hold(`low trust: ${reader.rejectedCount} rejected`)
    : pass;
