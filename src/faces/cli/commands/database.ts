import type { CommandSpec } from '../command.js';

const handlers = () => import('../handlers/database.js');

/** The commands of a database store: its schema, moving tracks between stores, and its live changes. */
export function databaseCommands(): CommandSpec[] {
  return [
    {
      name: 'db migrate',
      summary: "bring the database's schema up to this version (and register the project)",
      details: `Applies, in order and each in one transaction, the numbered migrations the database lacks;
one migrator at a time (an advisory lock). Needs a role allowed to create tables; every other
command needs only to read and write rows (docs/postgres.md). Which database: --database-url, else
the variable .claude/conductor/store.json names, else $TRACK_DATABASE_URL.
Exit codes: 16 database unreachable, 17 schema newer than this track-manager, 13 not allowed.`,
      options: {},
      run: async (inv) => (await handlers()).dbMigrate(inv),
    },
  ];
}
