import type { CommandSpec } from '../command.js';

/** The board: a local web app over the store, live. */
export function boardCommands(binUrl: () => string): CommandSpec[] {
  return [
    {
      name: 'ui',
      summary: 'serve the board: a local web app of every track, live (Ctrl-C stops)',
      details: `Serves the board for this store (files or database) and prints its URL as the first line on
stdout (--json: {"url": …}); opens it in a browser unless --no-open or there is no display
($BROWSER names the program to open it with). The URL carries an access token made for this run:
every request needs it, and the server answers only to its own host name and origin.
Views: Board (Draft, Ready, Blocked, Active by lane, Paused, Done), a track (its plan as a graph
with the critical path, runs and logs, notes, checkpoints: compare two, restore), Lanes, Stats.
Actions go through the same rules as the CLI (activate, switch, pause, resume, complete, approve
a step, decide, checkpoint, restore) and act in this command's lane; errors say what the CLI says.
Pages update as the store changes (whoever changes it), without polling the store's lock.
--host: 127.0.0.1 by default; another address (0.0.0.0: every one) makes the board reachable from
other machines — a warning says so; only do it on a network you trust.
Exit codes: 2 bad --port/--host or the port in use, 10 no tracks root, 13 a port not allowed,
16 database unreachable.`,
      options: {
        port: { type: 'string', value: 'N', description: 'the port to listen on (default: any free port)' },
        host: { type: 'string', value: 'ADDRESS', description: 'the address to listen on (default 127.0.0.1)' },
        'no-open': { type: 'boolean', description: 'do not open a browser' },
      },
      run: async (inv) => (await import('../handlers/ui.js')).ui(inv, binUrl()),
    },
  ];
}
