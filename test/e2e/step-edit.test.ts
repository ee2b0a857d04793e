/**
 * `step add` / `step edit` refuse what would be stored and never used (a command on a manual
 * step) and an edit that changes nothing, saying which options the step takes; the hint that
 * changes the action type too runs as printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStep } from '../../src/features/plan/plan.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { runCli } from '../helpers/cli.js';
import { hintCommand, shellRunner } from '../helpers/shell.js';
import { tempDir } from '../helpers/temp.js';

describe('step options that do not apply, and edits that change nothing', () => {
  const t = tempDir('track-step-edit-');
  const sh = shellRunner();
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  const step = (id: string) => cli('show', '--json').json.steps.find((s: { step_id: string }) => s.step_id === id);
  beforeAll(() => {
    expect(cli('init').code).toBe(0);
    expect(cli('activate', cli('create', '--name', 'Edit', '--goal', 'g', '--json').json.track_id).code).toBe(0);
    expect(cli('step', 'add', '--step-id', 'write', '--name', 'Write', '--action-type', 'manual', '--instructions', 'Write it').code).toBe(0);
  });
  afterAll(() => {
    sh.cleanup();
    t.cleanup();
  });

  it('a command on a manual step is refused, naming what a manual step takes; the hint makes it a run-command step', () => {
    const before = step('write');
    const r = cli('step', 'edit', '--step-id', 'write', '--command', 'echo hi');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: --command does not apply to step 'write', a manual step \(hint: a manual step takes --name, .*--agent, --instructions;/);
    expect(step('write')).toEqual(before);
    const hint = hintCommand(r.stderr);
    expect(hint).toBe('track step edit --step-id write --command "echo hi" --action-type run-command');
    const followed = sh.run(hint, t.dir);
    expect(followed.code, followed.stderr).toBe(0);
    expect(step('write').action).toMatchObject({ type: 'run-command', command: 'echo hi' });
  });

  it('options of several action types at once are refused, listing what applies', () => {
    const r = cli('step', 'edit', '--step-id', 'write', '--path', 'a.txt', '--approver', 'bob');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: --path, --approver do not apply to step 'write', a run-command step \(hint: a run-command step takes .*--command, --timeout-minutes/,
    );
  });

  it('step add refuses them too, and adds nothing', () => {
    const r = cli('step', 'add', '--step-id', 'wait', '--name', 'Wait', '--action-type', 'manual', '--timeout-minutes', '3');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --timeout-minutes does not apply to step 'wait', a manual step/);
    expect(step('wait')).toBeUndefined();
  });

  it('an edit with no option, or only the values the step has, is refused instead of printing "edited"', () => {
    const none = cli('step', 'edit', '--step-id', 'write');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error: step edit of 'write' names nothing to change \(hint: a run-command step takes --name, /);
    const same = cli('step', 'edit', '--step-id', 'write', '--command', 'echo hi', '--name', 'Write');
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/^error: step 'write' already has these values; nothing to change/);
    expect(cli('step', 'edit', '--step-id', 'write', '--name', 'Write more').code).toBe(0);
  });

  it('the library and MCP name the fields in their own terms', async () => {
    const store = FileStore.open({ cwd: t.dir });
    await expect(addStep(store, { name: 'Ask', action_type: 'approval', command: 'true', approvers: ['bob'] })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: "command does not apply to step 'step-001', an approval step",
      details: { not_applicable: ['command'], action_types: ['run-command', 'conditional-branch'] },
    });
  });
});
