import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UnsafePathError } from '../../src/core/errors.js';
import { nextStep } from '../../src/features/plan/next.js';
import { setPlan } from '../../src/features/plan/plan.js';
import { runLogs } from '../../src/features/plan/run-logs.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

describe('run logs', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  async function ran(command: string): Promise<string> {
    p = tempProject();
    const t = await life.createTrack(p.store, { name: 'Logs', goal: 'g' });
    await setPlan(p.store, t.track_id, { steps: [{ step_id: 'say', name: 'Say', type: 'testing', action: { type: 'run-command', command } }] });
    await life.activateTrack(p.store, t.track_id);
    await nextStep(p.store, { onOutput: () => {} });
    return t.track_id;
  }

  it('returns only the end of a large log, starting at a whole line', async () => {
    const id = await ran('i=0; while [ $i -lt 2000 ]; do echo "line $i é"; i=$((i+1)); done');
    const r = await runLogs(p.store, { track_id: id, stream: 'stdout', max_bytes: 100 });
    const tail = r.logs.stdout;
    expect(tail?.truncated).toBe(true);
    expect(tail?.bytes).toBeGreaterThan(20_000);
    expect(Buffer.byteLength(tail?.text ?? '')).toBeLessThanOrEqual(100);
    expect(tail?.text).toMatch(/^line \d+ é\n/);
    expect(tail?.text).toMatch(/line 1999 é\n$/);
    expect(r.logs.stderr).toBeUndefined();
  });

  it('refuses a log replaced by a symlink, never reading what it points to', async () => {
    const id = await ran('echo secret-free');
    const secret = join(p.dir, 'secret.txt');
    writeFileSync(secret, 'the secret\n');
    const log = join(p.root, id, 'workflows', 'run-001', 'stdout.log');
    rmSync(log);
    symlinkSync(secret, log);
    await expect(runLogs(p.store, { track_id: id })).rejects.toBeInstanceOf(UnsafePathError);
  });

  it('refuses bad input with one-line errors', async () => {
    const id = await ran('true');
    await expect(runLogs(p.store, { track_id: id, run_id: '../x' })).rejects.toThrow(/invalid run id/);
    await expect(runLogs(p.store, { track_id: id, max_bytes: 0 })).rejects.toThrow(/invalid byte count '0': 1 to 64000/);
    await expect(runLogs(p.store, { track_id: id, step_id: 'nope' })).rejects.toThrow(/has no step 'nope'/);
  });
});
