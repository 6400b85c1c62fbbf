import type { Command } from './command.ts';
import { migrateCommands } from './migrate.ts';
import { moderatorCommands } from './moderator.ts';
import { siteCommands } from './site.ts';

/** Every command, in the order `--help` lists them. A new group: one file, one line here. */
export const commands: readonly Command[] = [...siteCommands, ...moderatorCommands, ...migrateCommands];
