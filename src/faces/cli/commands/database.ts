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
    {
      name: 'db copy',
      summary: 'copy every track from one store to another (files ↔ database), verified',
      details: `Copies every track with its context, objects, checkpoints (their exact bytes: checksums hold),
runs, run logs and status history, and the active tracks' lanes, in one transaction on the target;
then reads every document back and compares its bytes. A store is a tracks root (or a project
folder holding .claude/conductor/tracks; created when it is the target) or a postgres:// URL (the
password in ~/.pgpass or PGPASSWORD, never in the URL on a command line); --project names the
project in a database. A target that already has one of the tracks is refused: nothing is written.
Copying files → database → files gives the same documents byte for byte.
Examples:
  track db copy --from . --to postgres://app@db.internal/tracks --project my-service
  track db copy --from postgres://app@db.internal/tracks --project my-service --to /tmp/tracks-backup
Exit codes: 2 bad input, 10 no tracks root at --from, 11 a track already in the target, 16 database unreachable, 17 schema not migrated.`,
      options: {
        from: { type: 'string', value: 'ROOT|URL', description: 'the store to copy from' },
        to: { type: 'string', value: 'ROOT|URL', description: 'the store to copy into' },
      },
      run: async (inv) => (await handlers()).dbCopy(inv),
    },
  ];
}
