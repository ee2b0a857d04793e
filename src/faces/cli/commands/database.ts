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
    {
      name: 'watch',
      summary: 'print every change of the store as it happens (--json: one object per line)',
      details: `Prints one line per committed change until Ctrl-C or SIGTERM (exit 0): the time, the store's
generation (#N), the lane that committed it, and each changed track with its status ('gone' when
it no longer exists). --json prints each change as one JSON object per line, as it happens:
{"generation", "at", "lane", "tracks": [<track summary> or {"track_id"} when gone], "catch_up"?}.
A line on stderr says when it is watching. A closed output ('track watch | head -1') ends it at
the next change, exit 0.
File store: watches the tracks root without taking its lock; a change shows within about a tenth
of a second (a 1 s poll catches what the file watch misses); commits close together may show as one change.
Database store: LISTEN/NOTIFY on a connection of its own. When that connection is lost (one gone
silent is noticed within about 30 s) it reconnects (backoff up to 5 s) and then prints one change
marked catch_up for everything committed meanwhile; after 5 minutes without a connection it gives up.
Exit codes: 16 database unreachable (at the start, or for 5 minutes), 17 schema older than this
track-manager (track db migrate).`,
      options: {},
      run: async (inv) => (await import('../handlers/watch.js')).watch(inv),
    },
  ];
}
