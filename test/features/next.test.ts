import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nextStep } from '../../src/features/plan/next.js';
import { setPlan } from '../../src/features/plan/plan.js';
import { createRun, listRuns, trackStatus } from '../../src/features/plan/runs.js';
import { closeStep } from '../../src/features/plan/step-close.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { storeProblems } from '../helpers/invariants.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

describe('next / step service', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  async function activeWithPlan(plan: unknown) {
    p = tempProject();
    const t = await life.createTrack(p.store, { name: 'Plan', goal: 'run a plan' });
    await setPlan(p.store, t.track_id, plan);
    await life.activateTrack(p.store, t.track_id);
    return t.track_id;
  }

  it('runs a command step, a workflow and an agent step in dependency order, then reports ready to complete', async () => {
    const id = await activeWithPlan({
      workflows: {
        build: {
          tasks: [
            { name: 'compile', command: 'echo compiled > built.txt' },
            { name: 'check', command: 'test -f built.txt' },
          ],
        },
      },
      steps: [
        { step_id: 'setup', name: 'Setup', type: 'setup', action: { type: 'run-command', command: 'echo hello; echo oops 1>&2' } },
        { step_id: 'build', name: 'Build', type: 'implementation', action: { type: 'run-workflow', workflow: 'build' }, depends_on: ['setup'] },
        {
          step_id: 'review',
          name: 'Review',
          type: 'review',
          action: { type: 'review', instructions: 'Read it', inputs: [{ name: 'code', from_step: 'setup', output: 'exit_code' }] },
          depends_on: ['build'],
          success_criteria: ['looks good'],
        },
      ],
    });
    const out: string[] = [];
    let r = await nextStep(p.store, { agent: 'a1', onOutput: (c) => out.push(c) });
    expect(r.kind).toBe('completed');
    expect(r.step?.step_id).toBe('setup');
    expect(r.checkpoint_id).toBe('checkpoint-001');
    expect(out.join('')).toContain('hello');
    const runDir = join(p.root, id, 'workflows', 'run-001');
    expect(readFileSync(join(runDir, 'stdout.log'), 'utf8')).toContain('hello');
    expect(readFileSync(join(runDir, 'stderr.log'), 'utf8')).toContain('oops');
    r = await nextStep(p.store, { agent: 'a1' });
    expect(r.kind).toBe('completed');
    expect(r.run?.tasks?.map((t) => t.status)).toEqual(['succeeded', 'succeeded']);
    expect(existsSync(join(p.dir, 'built.txt'))).toBe(true);
    r = await nextStep(p.store, { agent: 'a1' });
    expect(r.kind).toBe('handed-off');
    expect(r.handoff?.inputs).toEqual([{ name: 'code', value: '0', from_step: 'setup', output: 'exit_code' }]);
    const again = await nextStep(p.store, { agent: 'a1' });
    expect(again.kind).toBe('handed-off');
    expect(again.step?.step_id).toBe('review');
    const other = await nextStep(p.store, { agent: 'a2' });
    expect(other.kind).toBe('waiting');
    await expect(closeStep(p.store, 'complete', { step_id: 'review', agent: 'a2' })).rejects.toThrow(/held by a1/);
    await closeStep(p.store, 'release', { step_id: 'review', agent: 'a1' });
    expect((await nextStep(p.store, { agent: 'a2' })).step?.claim?.holder).toBe('a2');
    await closeStep(p.store, 'release', { step_id: 'review', agent: 'a2' });
    expect((await nextStep(p.store, { agent: 'a1' })).kind).toBe('handed-off');
    const done = await closeStep(p.store, 'complete', { step_id: 'review', agent: 'a1', outputs: { verdict: 'ok' } });
    expect(done.ready_to_complete).toBe(true);
    expect(done.track.progress.percentage).toBe(100);
    const runs = await listRuns(p.store, id);
    expect(runs.map((x) => x.status)).toEqual(['succeeded', 'succeeded', 'interrupted', 'interrupted', 'succeeded']);
    expect(runs[2]?.error).toBe('released by a1');
    expect(runs[4]?.outputs).toEqual({ verdict: 'ok' });
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('chooses a branch from an earlier exit status and skips the other', async () => {
    await activeWithPlan({
      execution: { auto_advance: true },
      steps: [
        { step_id: 'probe', name: 'Probe', type: 'research', action: { type: 'run-command', command: 'exit 0' } },
        {
          step_id: 'decide',
          name: 'Decide',
          type: 'design',
          depends_on: ['probe'],
          action: {
            type: 'conditional-branch',
            branches: [
              { when: 'probe.exit_code == 0', goto: 'fast', label: 'fast' },
              { when: 'else', goto: 'slow' },
            ],
          },
        },
        { step_id: 'fast', name: 'Fast', type: 'implementation', depends_on: ['decide'], action: { type: 'run-command', command: 'true' } },
        { step_id: 'slow', name: 'Slow', type: 'implementation', depends_on: ['decide'], action: { type: 'run-command', command: 'false' } },
      ],
    });
    await nextStep(p.store, {});
    const r = await nextStep(p.store, {});
    expect(r.branch).toEqual({ label: 'fast', skipped: ['slow'] });
    expect(r.run?.branch).toMatchObject({ index: 0, label: 'fast' });
    const last = await nextStep(p.store, {});
    expect(last.step?.step_id).toBe('fast');
    expect(last.track.status).toBe('completed');
  });

  it('hands back a step in --dry-run without writing anything', async () => {
    await activeWithPlan({ steps: [{ name: 'Touch', type: 'setup', action: { type: 'run-command', command: 'touch touched' } }] });
    const before = readFileSync(join(p.root, 'track-registry.json'), 'utf8');
    const r = await nextStep(p.store, { dry_run: true });
    expect(r.kind).toBe('dry-run');
    expect(r.would).toMatchObject({ command: 'touch touched', checkpoint: true });
    expect(existsSync(join(p.dir, 'touched'))).toBe(false);
    expect(readFileSync(join(p.root, 'track-registry.json'), 'utf8')).toBe(before);
  });

  it('runs a workflow from the workflows folder and stops at its agent task', async () => {
    p = tempProject();
    mkdirSync(join(p.root, '..', 'workflows'));
    writeFileSync(
      join(p.root, '..', 'workflows', 'release.yaml'),
      'tasks:\n  - name: prepare\n    command: echo prepared\n  - name: sign-off\n    instructions: Check the changelog\n  - name: tag\n    command: echo tagged\n',
    );
    const t = await life.createTrack(p.store, { name: 'Rel', goal: 'release' });
    await setPlan(p.store, t.track_id, {
      steps: [{ step_id: 'rel', name: 'Release', type: 'deployment', action: { type: 'run-workflow', workflow: 'release' } }],
    });
    await life.activateTrack(p.store, t.track_id);
    let r = await nextStep(p.store, { agent: 'a' });
    expect(r.kind).toBe('handed-off');
    expect(r.handoff?.instructions).toBe('Check the changelog');
    await closeStep(p.store, 'complete', { step_id: 'rel', agent: 'a' });
    r = await nextStep(p.store, { agent: 'a' });
    expect(r.kind).toBe('completed');
    expect(r.run?.run_id).toBe('run-001');
    expect(r.run?.tasks?.map((x) => x.status)).toEqual(['succeeded', 'completed', 'succeeded']);
    expect(readFileSync(join(p.root, t.track_id, 'workflows', 'run-001', 'stdout.log'), 'utf8')).toContain('tagged');
  });

  it('approval steps need an approver from the list; complete is refused for them', async () => {
    await activeWithPlan({
      steps: [{ step_id: 'ship', name: 'Ship it', type: 'review', action: { type: 'approval', approvers: ['lead'] } }],
    });
    const r = await nextStep(p.store, { agent: 'dev' });
    expect(r.handoff?.close_with).toBe('track step release --step-id ship --agent dev');
    await expect(closeStep(p.store, 'complete', { step_id: 'ship', agent: 'dev' })).rejects.toThrow(/needs an approval/);
    await expect(closeStep(p.store, 'approve', { step_id: 'ship', agent: 'dev' })).rejects.toThrow(/dev may not approve/);
    await closeStep(p.store, 'release', { step_id: 'ship', agent: 'dev' });
    const approved = await closeStep(p.store, 'approve', { step_id: 'ship', agent: 'lead' });
    expect(approved.step).toMatchObject({ status: 'completed', approved_by: 'lead' });
    expect(approved.ready_to_complete).toBe(true);
  });

  it('createRun writes a run document with the spec defaults', async () => {
    const id = await activeWithPlan({ steps: [] });
    const run = await createRun(p.store, id, undefined, { selected_workflow: 'build' });
    expect(run).toMatchObject({ run_id: 'run-001', workflow_id: id, selected_workflow: 'build', status: 'created' });
    expect((await trackStatus(p.store)).last_run?.run_id).toBe('run-001');
    await expect(createRun(p.store, id, 'run-001')).rejects.toThrow(/already exists/);
  });
});
