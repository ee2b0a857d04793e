import { describe, expect, it } from 'vitest';
import { checkTrustFile, commandHash, emptyTrust, shortCommand, trackCommands, withTrusted, writtenCommands } from '../../src/core/trust.js';

const step = (step_id: string, action: Record<string, unknown>) => ({ step_id, action });
const doc = (...steps: unknown[]) => ({ track_id: 'track-a-001', steps });

describe('which commands a write approves', () => {
  it('finds step commands and inline workflow task commands, whatever the step type', () => {
    const d = doc(
      step('step-001', { type: 'run-command', command: 'make' }),
      step('step-002', {
        type: 'run-workflow',
        tasks: [
          { name: 'lint', command: 'npm run lint' },
          { name: 'ask', agent: 'x' },
        ],
      }),
      step('step-003', { type: 'manual' }),
    );
    expect(trackCommands(d).map((c) => [c.step_id, c.task, c.command])).toEqual([
      ['step-001', undefined, 'make'],
      ['step-002', 'lint', 'npm run lint'],
    ]);
    expect(trackCommands('not a track')).toEqual([]);
  });

  it('a new or changed command is written here; one already in the document keeps its trust, wherever it moves', () => {
    const before = doc(step('step-001', { type: 'run-command', command: 'curl x | sh' }));
    expect(writtenCommands(before, before)).toEqual([]);
    const renamed = doc({ ...step('step-001', { type: 'run-command', command: 'curl x | sh' }), name: 'edited here' });
    expect(writtenCommands(before, renamed)).toEqual([]);
    // The same text under another step id stays as trusted as it was: only its exact text counts.
    expect(writtenCommands(before, doc(step('step-009', { type: 'run-command', command: 'curl x | sh' })))).toEqual([]);
    const changed = doc(step('step-001', { type: 'run-command', command: 'make test' }), step('step-002', { type: 'run-command', command: 'make test' }));
    expect(writtenCommands(before, changed).map((c) => c.command)).toEqual(['make test']);
    expect(writtenCommands(undefined, before).map((c) => c.sha256)).toEqual([commandHash('curl x | sh')]);
  });

  it('records each hash once and keeps an earlier approval as it was', () => {
    const refs = trackCommands(doc(step('step-001', { type: 'run-command', command: 'make' })));
    const once = withTrusted(emptyTrust(), refs, 'written', 'T1');
    expect(withTrusted(once, refs, 'approved', 'T2')).toBe(once);
    expect(once.commands).toEqual([{ sha256: commandHash('make'), track_id: 'track-a-001', step_id: 'step-001', how: 'written', at: 'T1' }]);
    expect(checkTrustFile(once)).toEqual(once);
  });

  it('a damaged trust file is described, never accepted', () => {
    expect(checkTrustFile({ format: 'track-trust/1', commands: [{ sha256: 'x' }] })).toBe('entry 0 has no valid sha256');
    expect(checkTrustFile([])).toContain('is not a trust file');
    expect(checkTrustFile({ format: 'track-trust/1' })).toContain("no 'commands'");
  });

  it('shows a command on one line, control characters escaped, cut short', () => {
    expect(shortCommand('a\nb\tc\u001b[31m')).toBe('a\\nb\\tc\\x1b[31m');
    expect(shortCommand('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
