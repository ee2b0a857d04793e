import type { CommandSpec } from '../command.js';

export function doctorCommands(): CommandSpec[] {
  return [
    {
      name: 'doctor',
      summary: 'verify the whole tracks root; --fix repairs what is safely repairable',
      details: `Checks: registry files parse, validate and agree with every track.json (segments, indexes,
  active pointer, next_sequence, track-head.json); at most one active track; every checkpoint's
  checksum; context documents and run.json files validate; every object a checkpoint or the
  artifact manifest references exists and matches its sha256; no run left 'running' by a dead
  process (track next recovers it); no journal, lock or temp file left by a dead process; no
  symlinks; modes 0700/0600. Objects nothing references (a replaced artifact, an interrupted
  command) are reported as harmless. Stale lanes: a lane whose worktree is gone (deleted or
  'git worktree prune'd), or a named lane (--lane, TRACK_LANE) that has not acted for
  --stale-after (default TRACK_STALE_AFTER, else 24h), still holding a track.
--fix: breaks a dead lock, rolls a journal forward, removes dead temp files and unreferenced
  objects, restores modes, moves damaged files into <root>/lost+found/ (never deletes them) and
  rebuilds the registry from the track files, in one transaction; then pauses each stale lane's
  track with a checkpoint and releases it (a gone worktree's lane is forgotten). It reports what
  it could not fix.
Exit code: 0 when the root is healthy (or everything was fixed), 8 when problems remain.`,
      options: {
        fix: { type: 'boolean', description: 'repair what is safely repairable' },
        'stale-after': { type: 'string', value: 'DURATION', description: 'how long a named lane may be idle and keep its track: 30m, 12h, 2d (default 24h)' },
      },
      run: async (inv) => (await import('../handlers/doctor.js')).doctor(inv),
    },
  ];
}
