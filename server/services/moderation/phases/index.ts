import type { Phase } from '../phase.ts';
import { pageOpen } from './page-open.ts';
import { siteMode } from './site-mode.ts';

// The order is the policy: cheap rejections first, then spam, then holds.
export const phases: Phase[] = [
  pageOpen, // 1. locked, or closed after N days → reject
  siteMode, // 9. all / first / none
];
