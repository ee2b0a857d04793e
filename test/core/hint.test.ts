import { describe, expect, it } from 'vitest';
import { TrackError } from '../../src/core/errors.js';
import { commandLine, toolCall } from '../../src/core/face-commands.js';
import { cmd, help, hint, joinHints, opt, renderHint, run } from '../../src/core/hint.js';

describe('hints as data, rendered per face', () => {
  const resume = hint`resume it: ${cmd('resume', { track_id: 'track-a-001' })}, or pass ${opt('track_id', 'track-a-001')}`;

  it('the CLI quotes `track` command lines; MCP names tool calls and arguments', () => {
    expect(renderHint('cli', resume)).toBe("resume it: 'track resume track-a-001', or pass --track-id track-a-001");
    expect(renderHint('mcp', resume)).toBe('resume it: `resume {"track_id":"track-a-001"}`, or pass `"track_id":"track-a-001"`');
  });

  it('a hint that is one command reads as that command: bare on the CLI, a call over MCP', () => {
    const only = hint`${cmd('switch', { to: 'track-b-002', force: true })}`;
    expect(renderHint('cli', only)).toBe('track switch --to track-b-002 --force');
    expect(renderHint('mcp', only)).toBe('call `switch {"to":"track-b-002","force":true}`');
  });

  it('`run` says the verb; `help` points at the options', () => {
    const h = hint`${run('status')} to see the steps; see ${help('update')}`;
    expect(renderHint('cli', h)).toBe("run 'track status' to see the steps; see 'track update --help'");
    expect(renderHint('mcp', h)).toBe('call `context {}` to see the steps; see `track update --help`');
    expect(renderHint('mcp-all', h)).toBe("call `status {}` to see the steps; see `update`'s input schema (tools/list)");
  });

  it('what the server does not serve is the command line to run in a shell', () => {
    const h = hint`${cmd('step_skip', { step_id: 'a' })} or ${cmd('context', { format: 'json' })}`;
    expect(renderHint('mcp', h)).toBe('`track step skip --step-id a` (in a shell) or `track context --format json` (in a shell)');
    // The full set has step_skip, but its context takes no format.
    expect(renderHint('mcp-all', h)).toBe('`step_skip {"step_id":"a"}` or `track context --format json` (in a shell)');
    const cascade = hint`${cmd('cancel', { track_id: 'p', cascade: true })}`;
    expect(renderHint('mcp', cascade)).toBe("run `track cancel p --cascade` in a shell (no tool for it in this server's set)");
    expect(renderHint('mcp-all', cascade)).toBe('call `cancel {"track_id":"p","cascade":true}`');
    expect(renderHint('mcp', hint`${run('export', { track_id: 'p' })}`)).toBe("run `track export p` in a shell (no tool for it in this server's set)");
  });

  it('CLI spellings: positionals, renamed options, flags, lists, maps and words needing quotes', () => {
    expect(commandLine('restore', { checkpoint_id: 'checkpoint-002' })).toBe('track restore --checkpoint checkpoint-002');
    expect(commandLine('run_logs', { run_id: 'run-001', track_id: 't', max_bytes: 10 })).toBe('track logs run-001 --track-id t --bytes 10');
    expect(commandLine('stats', { type: ['feature', 'bugfix'] })).toBe('track stats --type feature --type bugfix');
    expect(commandLine('template_create', { vars: { k: 'v w' } })).toBe("track template create --var 'k=v w'");
    expect(commandLine('import', { file: 'FILE', rename: true, id: undefined })).toBe('track import FILE --rename');
    expect(toolCall('mcp', 'import', { file: 'f' })).toBeNull();
  });

  it('literal braces survive; joined hints renumber their references', () => {
    const braces = hint`pass {} to ${cmd('list')}`;
    expect(renderHint('cli', braces)).toBe("pass {} to 'track list'");
    const joined = joinHints([hint`a ${cmd('list')}`, 'plain {0}', hint`b ${cmd('next')}`], '; ');
    expect(renderHint('cli', joined)).toBe("a 'track list'; plain {0}; b 'track next'");
  });

  it('a TrackError keeps the hint as data: `hint` is the CLI text, `payload(face)` the stable shape for a face', () => {
    const error = new TrackError('NOT_FOUND', 'nothing here', hint`${run('list')} to see the track ids`, { track_id: 'x' });
    expect(error.hint).toBe("run 'track list' to see the track ids");
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'NOT_FOUND',
      message: 'nothing here',
      hint: "run 'track list' to see the track ids",
      details: { track_id: 'x' },
    });
    expect(error.payload('mcp').hint).toBe('call `list {}` to see the track ids');
    expect(new TrackError('INTERNAL', 'plain', 'a hint naming no command').hintFor('mcp')).toBe('a hint naming no command');
    expect(new TrackError('INTERNAL', 'none').payload('mcp').hint).toBeNull();
  });
});
