/**
 * Names in a store shared through git (its tracks root inside a git work tree) carry a random tag
 * after their number, so two clones or branches never name different contents alike; outside git
 * they stay as they always were. Through the built CLI, in real repositories.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const TAG = '[2-9a-hjkmnp-z]{5}';
const tagged = (name: string) => new RegExp(`^${name}-${TAG}$`);
const STORE = '.claude/conductor/tracks';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', stdio: 'pipe' });

function cliIn(dir: string) {
  const ok = (...args: string[]) => {
    const r = runCli(args, { cwd: dir });
    expect(r.code, `track ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  return { ok, cli: (...args: string[]) => runCli(args, { cwd: dir }) };
}

/** The names one session generates: two tracks of one name, a step, a run, a checkpoint, a decision, an assumption, a learning, a template's track, an import's new id. */
function generateNames(dir: string) {
  const { ok } = cliIn(dir);
  ok('init');
  const first = ok('create', '--name', 'Auth flow', '--goal', 'sign in', '--json').json.track_id as string;
  const second = ok('create', '--name', 'Auth flow', '--goal', 'sign in again', '--json').json.track_id as string;
  ok('activate', first);
  const step = ok('step', 'add', '--name', 'Say hi', '--action-type', 'run-command', '--command', 'echo hi', '--json').json.step.step_id as string;
  ok('next');
  const run = ok('runs', '--json').json.runs[0].run_id as string;
  const checkpoint = ok('checkpoint', '--reason', 'named', '--json').json.checkpoint_id as string;
  const decision = ok('decide', 'Use JWT', '--json').json.id as string;
  const assumption = ok('assume', 'Tokens are short-lived', '--json').json.id as string;
  const learning = ok('learn', 'The IdP caches keys', '--json').json.id as string;
  const templated = ok('template', 'create', '--template', 'bugfix', '--name', 'Login 500', '--goal', 'no 500', '--json').json.track.track_id as string;
  ok('export', second, '--out', join(dir, 'bundle.json'));
  const imported = ok('import', join(dir, 'bundle.json'), '--rename', '--json').json.track.track_id as string;
  return { first, second, step, run, checkpoint, decision, assumption, learning, templated, imported };
}

describe('names in a store shared through git', () => {
  const t = tempDir('track-git-names-');
  afterAll(() => t.cleanup());

  it('every generated name carries a tag after its number, on disk too; the tagged ids are typed back as they are', () => {
    const repo = join(t.dir, 'repo');
    mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    const names = generateNames(repo);
    expect(names.first).toMatch(tagged('track-auth-flow-001'));
    // The same name twice: the numbers differ, and so do the tags.
    expect(names.second).toMatch(tagged('track-auth-flow-002'));
    expect(names.first.slice(-5)).not.toBe(names.second.slice(-5));
    expect(names.step).toMatch(tagged('step-001'));
    expect(names.run).toMatch(tagged('run-001'));
    // The first checkpoint was written when the step's command ran.
    expect(names.checkpoint).toMatch(tagged('checkpoint-\\d{3}'));
    expect(names.decision).toMatch(tagged('dec-001'));
    expect(names.assumption).toMatch(tagged('asm-001'));
    expect(names.learning).toMatch(tagged('lrn-001'));
    expect(names.templated).toMatch(tagged('track-login-500-003'));
    expect(names.imported).toMatch(tagged('track-auth-flow-004'));

    const trackDir = join(repo, STORE, names.first);
    expect(readdirSync(join(repo, STORE))).toEqual(expect.arrayContaining([names.first, names.second, names.templated]));
    expect(readdirSync(join(trackDir, 'checkpoints'))).toContain(`${names.checkpoint}.json`);
    expect(readdirSync(join(trackDir, 'workflows'))).toEqual([names.run]);
    for (const file of readdirSync(join(trackDir, 'checkpoints'))) expect(file).toMatch(new RegExp(`^checkpoint-\\d{3}-${TAG}\\.json$`));

    // What users type: the track, a decision to supersede, a checkpoint to verify or restore, a run's logs.
    const { ok, cli } = cliIn(repo);
    expect(ok('show', '--track-id', names.first, '--json').json.track_id).toBe(names.first);
    const superseding = ok('decide', 'Use PASETO', '--supersedes', names.decision, '--json').json;
    expect(superseding).toMatchObject({ id: expect.stringMatching(tagged('dec-002')), supersedes: names.decision });
    expect(ok('checkpoint', 'verify', names.checkpoint, '--json').json.results).toEqual([{ checkpoint_id: names.checkpoint, ok: true }]);
    expect(ok('logs', names.run, '--track-id', names.first).stdout).toContain('hi');

    // Typed without its tag (or with one character off), the id is refused with the tagged one suggested.
    const untagged = cli('decide', 'Use X', '--supersedes', 'dec-001', '--json');
    expect(untagged.code).toBe(3);
    expect(untagged.json.error.details.did_you_mean).toContain(names.decision);
    const slip = `${names.first.slice(0, -1)}${names.first.endsWith('a') ? 'b' : 'a'}`;
    const wrongTrack = cli('show', slip, '--json');
    expect(wrongTrack.code).toBe(3);
    expect(wrongTrack.json.error.hint).toContain(names.first);
    const untaggedCheckpoint = names.checkpoint.slice(0, -6);
    const noSuch = cli('checkpoint', 'verify', untaggedCheckpoint, '--json');
    expect(noSuch.code).toBe(3);
    expect(noSuch.json.error.message).toBe(`track '${names.first}' has no checkpoint '${untaggedCheckpoint}'`);
    expect(noSuch.json.error.details.did_you_mean).toEqual([names.checkpoint]);
    // The hint is the command corrected; followed, it verifies the checkpoint meant.
    expect(noSuch.json.error.hint).toBe(`did you mean 'track checkpoint verify ${names.checkpoint} --json'?`);
    expect(ok('checkpoint', 'verify', names.checkpoint, '--json').json.results).toEqual([{ checkpoint_id: names.checkpoint, ok: true }]);

    // Restoring the checkpoint (taken before the decisions) by its tagged id brings back the context it held.
    ok('restore', '--checkpoint', names.checkpoint);
    expect(ok('decisions', '--json').json.decisions).toEqual([]);

    ok('doctor');
  });

  it('outside git the names stay exactly as they were', () => {
    const plain = join(t.dir, 'plain');
    mkdirSync(plain);
    const names = generateNames(plain);
    expect(names).toMatchObject({
      first: 'track-auth-flow-001',
      second: 'track-auth-flow-002',
      step: 'step-001',
      run: 'run-001',
      decision: 'dec-001',
      assumption: 'asm-001',
      learning: 'lrn-001',
      templated: 'track-login-500-003',
      imported: 'track-auth-flow-004',
    });
    expect(names.checkpoint).toMatch(/^checkpoint-\d{3}$/);
    expect(readdirSync(join(plain, STORE, names.first, 'workflows'))).toEqual(['run-001']);
  });

  it('two clones of one committed base make the next track, step, run, checkpoint and decision under different names; merged, they order by number then time', () => {
    const base = join(t.dir, 'base');
    mkdirSync(base);
    git(base, 'init', '-q', '-b', 'main');
    const { ok } = cliIn(base);
    ok('init');
    const shared = ok('create', '--name', 'Shared', '--goal', 'one track, two clones', '--json').json.track_id as string;
    ok('activate', shared);
    ok('decide', 'Base decision');
    git(base, 'add', '-A');
    git(base, 'commit', '-q', '-m', 'tracks');

    // Two independent copies of the committed directory, each going its own way.
    const made = ['one', 'two'].map((name) => {
      const dir = join(t.dir, name);
      cpSync(base, dir, { recursive: true });
      const { ok: okIn } = cliIn(dir);
      const step = okIn('step', 'add', '--name', `Echo ${name}`, '--action-type', 'run-command', '--command', `echo ${name}`, '--json').json.step.step_id;
      okIn('next');
      return {
        dir,
        step,
        run: okIn('runs', '--json').json.runs.at(-1).run_id,
        checkpoint: okIn('checkpoint', '--reason', name, '--json').json.checkpoint_id,
        decision: okIn('decide', `Decision of ${name}`, '--json').json.id,
        track: okIn('create', '--name', 'Shared', '--goal', `another, on ${name}`, '--json').json.track_id,
      };
    });
    const [one, two] = made as [(typeof made)[0], (typeof made)[0]];
    for (const key of ['step', 'run', 'checkpoint', 'decision', 'track'] as const) {
      // The same number on both sides…
      expect(one[key].slice(0, -6), key).toBe(two[key].slice(0, -6));
      // …but never the same name.
      expect(one[key], key).not.toBe(two[key]);
      expect(one[key], key).toMatch(new RegExp(`-${TAG}$`));
    }
    expect(one.decision).toMatch(tagged('dec-002'));
    expect(one.track).toMatch(tagged('track-shared-002'));

    // Clone one receives clone two's checkpoint (as a merge brings it): both are kept, listed by
    // number then by when they were made, each verifies, and the latest is the one made last.
    const fromTwo = join(two.dir, STORE, shared, 'checkpoints', `${two.checkpoint}.json`);
    writeFileSync(join(one.dir, STORE, shared, 'checkpoints', `${two.checkpoint}.json`), readFileSync(fromTwo));
    const { ok: okOne } = cliIn(one.dir);
    const listed = okOne('checkpoints', '--json').json.checkpoints.map((c: { checkpoint_id: string }) => c.checkpoint_id);
    expect(listed.slice(-2)).toEqual([one.checkpoint, two.checkpoint]);
    expect(okOne('checkpoint', 'verify', '--all', '--json').json.results.every((r: { ok: boolean }) => r.ok)).toBe(true);
    expect(okOne('checkpoint', 'verify', '--json').json.results).toEqual([{ checkpoint_id: two.checkpoint, ok: true }]);
    // The next one is numbered past both.
    const next = okOne('checkpoint', '--reason', 'after the merge', '--json').json.checkpoint_id;
    expect(Number(next.split('-')[1])).toBe(Number(one.checkpoint.split('-')[1]) + 1);
  });
});
