import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// A background job claims its next run by moving `last_run_at` forward in one conditional UPDATE:
// of several instances waking at once, exactly one sees its row come back and does the work.
export const jobRuns = pgTable('job_runs', {
  name: text('name').primaryKey(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }).notNull(),
});
