import { AppError } from '../../../errors.ts';
import { pass, type Phase } from '../phase.ts';

export const pageOpen: Phase = ({ page }) => {
  if (page.isLocked) throw new AppError('page_locked', 'Comments are closed on this page');
  if (page.isClosed) throw new AppError('page_closed', 'Comments are closed on this page');
  return pass;
};
