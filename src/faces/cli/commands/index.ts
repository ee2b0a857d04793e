import type { CommandSpec } from '../command.js';
import { agentCommands } from './agents.js';
import { boardCommands } from './board.js';
import { contextCommands } from './context.js';
import { coreCommands } from './core.js';
import { databaseCommands } from './database.js';
import { doctorCommands } from './doctor.js';
import { enhancementCommands } from './enhancements.js';
import { planCommands } from './plan.js';

/**
 * Every command, in the order `track --help` lists them. Each group lives in its own file;
 * handlers load only when their command runs. `binUrl` is asked only by the commands that write
 * it (init, ui): the bin makes it on demand.
 */
export function commandTable(binUrl: () => string): CommandSpec[] {
  return [
    ...coreCommands(binUrl),
    ...planCommands(),
    ...contextCommands(),
    ...enhancementCommands(),
    ...doctorCommands(),
    ...databaseCommands(),
    ...boardCommands(binUrl),
    ...agentCommands(),
  ];
}
