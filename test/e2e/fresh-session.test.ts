import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCheckpoint } from '../../src/features/checkpoints/checkpoints.js';
import { assume, decide, learn, resolveAssumption } from '../../src/features/notes/notes.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { activeTrack, setSteps, step } from '../helpers/tracks.js';

describe('resuming in a fresh session (built CLI)', () => {
  let d: ReturnType<typeof tempDir>;
  afterEach(() => d?.cleanup());

  it('track context --format md alone tells a new agent the goal, current step, last decision and open assumptions', async () => {
    d = tempDir();
    const cli = (...args: string[]) => runCli(args, { cwd: d.dir });
    // The previous session, through the library (the CLI forms are covered below and in the service tests).
    const store = FileStore.init({ cwd: d.dir }).store;
    const id = (await activeTrack(store, 'Payments', 'Accept card payments via Stripe')).track_id;
    await setSteps(store, id, [step('webhook', 0, 'in-progress', 'Verify the Stripe-Signature header before parsing the body'), step('refunds', 1, 'pending')]);
    await decide(store, { title: 'Use Stripe Checkout', rationale: 'PCI scope stays with Stripe' });
    await decide(store, { title: 'Store amounts in cents', rationale: 'no float rounding' });
    await assume(store, { text: 'the account is in EUR' });
    await assume(store, { text: 'webhooks arrive within 5 s' });
    await resolveAssumption(store, { id: 'asm-002', outcome: 'validated', evidence: 'dashboard' });
    await createCheckpoint(store, { reason: 'end of session' });

    // The new session knows nothing but this output.
    const primer = cli('context', '--format', 'md');
    expect(primer.code).toBe(0);
    const md = primer.stdout;
    expect(md).toContain('Accept card payments via Stripe');
    expect(md).toContain('## Current step: webhook');
    expect(md).toContain('Verify the Stripe-Signature header before parsing the body');
    expect(md).toContain('dec-002: Store amounts in cents — because no float rounding');
    expect(md).toContain('asm-001: the account is in EUR');
    expect(md).not.toContain('webhooks arrive within 5 s');
    expect(md).toContain('checkpoint-001 (manual');
  });

  it('verify and restore refuse a tampered checkpoint with exit 7 and leave the store as it was', async () => {
    d = tempDir();
    const cli = (...args: string[]) => runCli(args, { cwd: d.dir });
    const store = FileStore.init({ cwd: d.dir }).store;
    const id = (await activeTrack(store, 'T')).track_id;
    writeFileSync(join(d.dir, 'spec.md'), 'the spec');
    expect(cli('artifact', 'add', 'spec.md').code).toBe(0);
    expect(cli('learn', 'first').code).toBe(0);
    expect(cli('checkpoint').code).toBe(0);
    await learn(store, { text: 'second' });
    expect(cli('checkpoint', 'verify', '--all').code).toBe(0);
    const file = join(d.dir, '.claude/conductor/tracks', id, 'checkpoints', 'checkpoint-001.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"kind": "manual"', '"kind": "pause"'));
    const verify = cli('checkpoint', 'verify', 'checkpoint-001', '--json');
    expect(verify.code).toBe(7);
    expect(verify.json.error.code).toBe('CHECKSUM_MISMATCH');
    const restore = cli('restore', '--checkpoint', 'checkpoint-001');
    expect(restore.code).toBe(7);
    expect(cli('learnings', '--json').json.learnings.map((l: { text: string }) => l.text)).toEqual(['first', 'second']);
    expect(cli('checkpoints', '--json').json.checkpoints).toHaveLength(1);
    expect(cli('artifact', 'get', 'spec.md').stdout).toBe('the spec');
    expect(cli('artifact', 'add', '/etc/hostname').code).toBe(9);
  });
});
