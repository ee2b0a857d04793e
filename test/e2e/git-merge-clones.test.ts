import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli, runOk } from '../helpers/cli.js';
import { gitOk as gitOkIn, gitResult } from '../helpers/git.js';
import { tempDir } from '../helpers/temp.js';

const t = tempDir('track-git-merge-');
// The merge driver git runs finds the package behind the `track` on PATH, as after a global install.
const bin = join(t.dir, 'bin');
mkdirSync(bin);
symlinkSync(BIN, join(bin, 'track'));
const GIT_ENV = { ...process.env, PATH: `${bin}:${process.env.PATH}`, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

interface Track {
  track_id: string;
  name: string;
  priority: string;
  steps: Array<{ step_id: string; name: string; status: string }>;
  progress: { completed_steps: number; total_steps: number };
  status_history: Array<{ at: string; to: string; reason?: string }>;
  merge_history?: Array<{ field: string; kept: string; lost: string }>;
}

const git = (cwd: string, ...args: string[]) => gitResult(cwd, args, GIT_ENV);
const gitOk = (cwd: string, ...args: string[]): string => gitOkIn(cwd, args, GIT_ENV);
const track = (cwd: string, ...args: string[]) => runOk(args, { cwd });

const show = (cwd: string, id: string): Track => track(cwd, 'show', id, '--json').json;

/** One clone's work on the shared track: a step of its own done, a decision, a checkpoint, a new priority, and a track named like the other clone's. */
function work(cwd: string, shared: string, who: string, priority: string) {
  const step = track(cwd, 'step', 'add', '--track-id', shared, '--name', `${who} work`, '--action-type', 'manual', '--instructions', `done in ${who}`, '--json')
    .json.track.steps as Track['steps'];
  const stepId = (step.find((s) => s.name === `${who} work`) as { step_id: string }).step_id;
  expect(track(cwd, 'next', '--json').json.step?.step_id ?? stepId).toBe(stepId);
  track(cwd, 'step', 'complete', stepId);
  track(cwd, 'decide', `${who} decision`, '--rationale', `chosen in ${who}`);
  const checkpoint = track(cwd, 'checkpoint', '--json').json.checkpoint_id as string;
  track(cwd, 'update', '--field', 'priority', '--value', priority);
  const feature = track(cwd, 'create', '--name', 'Feature', '--goal', `made in ${who}`, '--json').json.track_id as string;
  const history = show(cwd, shared).status_history.map((h) => h.at);
  return { stepId, checkpoint, feature, history };
}

function noConflicts(cwd: string) {
  expect(gitOk(cwd, 'ls-files', '-u')).toBe('');
  expect(gitOk(cwd, 'status', '--porcelain')).not.toMatch(/^(UU|AA|DU|UD) /m);
}

/** The walk: two clones of one origin, and two branches of one clone, changing the same track; merged both ways. */
describe('two clones and two branches change one track; git merges them without a conflict', () => {
  afterAll(() => t.cleanup());
  const origin = join(t.dir, 'origin.git');
  const a = join(t.dir, 'a');
  const b = join(t.dir, 'b');
  let shared = '';

  it('merges two clones both ways: every track, checkpoint, decision, step and history entry kept; the priority by the documented rule', () => {
    gitOk(t.dir, 'init', '-q', '--bare', origin);
    gitOk(t.dir, 'clone', '-q', origin, a);
    track(a, 'init');
    shared = track(a, 'create', '--name', 'Shared', '--goal', 'one track, two clones', '--json').json.track_id;
    gitOk(a, 'add', '-A');
    gitOk(a, 'commit', '-q', '-m', 'shared track');
    gitOk(a, 'push', '-q', 'origin', 'HEAD:main');
    gitOk(t.dir, 'clone', '-q', origin, b);
    track(b, 'init'); // registers the merge driver in this clone (git config is not cloned)

    track(a, 'activate', shared);
    const inA = work(a, shared, 'A', 'P0');
    gitOk(a, 'add', '-A');
    gitOk(a, 'commit', '-q', '-m', 'A works');
    gitOk(a, 'push', '-q', 'origin', 'HEAD:main');

    track(b, 'activate', shared);
    const inB = work(b, shared, 'B', 'P3');
    gitOk(b, 'add', '-A');
    gitOk(b, 'commit', '-q', '-m', 'B works');

    const pulled = git(b, 'pull', '-q', '--no-rebase', 'origin', 'main');
    expect(pulled.status, pulled.out).toBe(0);
    noConflicts(b);
    gitOk(b, 'push', '-q', 'origin', 'HEAD:main');
    expect(git(a, 'pull', '-q', '--no-rebase', 'origin', 'main').status).toBe(0);
    noConflicts(a);

    for (const clone of [a, b]) {
      const doctor = runCli(['doctor', '--json'], { cwd: clone });
      expect(doctor.json.healthy, doctor.stdout).toBe(true);
      const listed = track(clone, 'list', '--json').json.tracks as Array<{ track_id: string; name: string }>;
      expect(
        listed
          .filter((s) => s.name === 'Feature')
          .map((s) => s.track_id)
          .sort(),
      ).toEqual([inA.feature, inB.feature].sort());
      expect(inA.feature).not.toBe(inB.feature);

      const merged = show(clone, shared);
      const steps = merged.steps.map((s) => s.step_id);
      expect(steps).toEqual(expect.arrayContaining([inA.stepId, inB.stepId]));
      expect(
        merged.steps
          .filter((s) => s.status === 'completed')
          .map((s) => s.step_id)
          .sort(),
      ).toEqual([inA.stepId, inB.stepId].sort());
      expect(merged.progress).toMatchObject({ completed_steps: 2, total_steps: 2 });
      const history = merged.status_history.map((h) => h.at);
      expect(history).toEqual(expect.arrayContaining([...inA.history, ...inB.history]));
      // Both changed the priority from P2: the side changed later (B) wins, and the lost value is recorded.
      expect(merged.priority).toBe('P3');
      expect(merged.merge_history).toContainEqual(expect.objectContaining({ field: 'priority', kept: '"P3"', lost: '"P0"' }));

      const decisions = track(clone, 'decisions', '--track-id', shared, '--json').json.decisions.map((d: { title: string }) => d.title);
      expect(decisions).toEqual(expect.arrayContaining(['A decision', 'B decision']));
      const checkpoints = track(clone, 'checkpoints', '--track-id', shared, '--json').json.checkpoints.map((c: { checkpoint_id: string }) => c.checkpoint_id);
      expect(checkpoints).toEqual(expect.arrayContaining([inA.checkpoint, inB.checkpoint]));
      for (const id of [inA.checkpoint, inB.checkpoint]) track(clone, 'checkpoint', 'verify', '--track-id', shared, id);
    }
    expect(gitOk(a, 'status', '--porcelain')).toBe('');
  });

  it('merges two branches of one clone the same way', () => {
    gitOk(a, 'checkout', '-q', '-b', 'left');
    track(a, 'decide', 'Left decision', '--track-id', shared);
    const left = track(a, 'checkpoint', '--track-id', shared, '--json').json.checkpoint_id as string;
    track(a, 'step', 'add', '--track-id', shared, '--name', 'Left step', '--action-type', 'manual', '--instructions', 'left');
    gitOk(a, 'commit', '-q', '-am', 'left');
    gitOk(a, 'checkout', '-q', 'main');
    gitOk(a, 'checkout', '-q', '-b', 'right');
    track(a, 'decide', 'Right decision', '--track-id', shared);
    const right = track(a, 'checkpoint', '--track-id', shared, '--json').json.checkpoint_id as string;
    track(a, 'step', 'add', '--track-id', shared, '--name', 'Right step', '--action-type', 'manual', '--instructions', 'right');
    gitOk(a, 'add', '-A');
    gitOk(a, 'commit', '-q', '-m', 'right');
    expect(left).not.toBe(right);

    const merged = git(a, 'merge', '-q', '--no-edit', 'left');
    expect(merged.status, merged.out).toBe(0);
    noConflicts(a);
    expect(track(a, 'doctor', '--json').json.healthy).toBe(true);
    const names = show(a, shared).steps.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['A work', 'B work', 'Left step', 'Right step']));
    const decisions = track(a, 'decisions', '--track-id', shared, '--json').json.decisions.map((d: { title: string }) => d.title);
    expect(decisions).toEqual(expect.arrayContaining(['A decision', 'B decision', 'Left decision', 'Right decision']));
    for (const id of [left, right]) track(a, 'checkpoint', 'verify', '--track-id', shared, id);
  });
});
