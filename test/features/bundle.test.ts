import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChecksumMismatchError, ConflictError, UnsafePathError } from '../../src/core/errors.js';
import type { TrackBundle } from '../../src/core/schema.js';
import { exportTrack, manifestChecksum } from '../../src/features/bundles/export.js';
import { importTrack } from '../../src/features/bundles/import.js';
import { diagnose, doctor } from '../../src/features/doctor/doctor.js';
import { addArtifact } from '../../src/features/notes/artifacts.js';
import { createFromTemplate } from '../../src/features/templates/templates.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import type { FileStore } from '../../src/store/file/file-store.js';
import { putObject } from '../../src/store/file/objects.js';
import { storeProblems } from '../helpers/invariants.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

/** Every file under a directory: relative path → bytes. */
function files(dir: string, prefix = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(join(dir, prefix))) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) for (const [k, v] of files(dir, rel)) out.set(k, v);
    else out.set(rel, readFileSync(join(dir, rel)));
  }
  return out;
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Re-derives checksums after a change, as a careful forger would; only a per-file check catches it then. */
function reseal(bundle: TrackBundle): TrackBundle {
  const files2 = bundle.files.map((f) => {
    const bytes = Buffer.from(f.data, f.encoding === 'utf8' ? 'utf8' : 'base64');
    return { ...f, sha256: sha(bytes), size: bytes.length };
  });
  return { ...bundle, files: files2, manifest_sha256: manifestChecksum(files2) };
}

/** Doctor's findings about tracks, objects and the registry (the fixture's hand-written context and run documents aside). */
async function storeLevelProblems(store: FileStore): Promise<string[]> {
  return (await diagnose(store)).filter((x) => x.check !== 'context' && x.check !== 'runs').map((x) => `${x.check} ${x.path}: ${x.problem}`);
}

describe('export and import', () => {
  let a: TempProject;
  let b: TempProject;
  afterEach(() => {
    a?.cleanup();
    b?.cleanup();
  });

  async function sourceTrack(): Promise<string> {
    a = tempProject('track-src-');
    b = tempProject('track-dst-');
    const t = await createFromTemplate(a.store, { template: 'bugfix', name: 'Login 500', goal: 'No 500 on login', id: 'track-login-001' });
    await life.activateTrack(a.store, t.track_id);
    await a.store.transaction(async (tx) => {
      await tx.writeContext(t.track_id, 'decisions.json', '{"decisions":["use retries"]}\n');
      await tx.putTrackFile(
        t.track_id,
        'workflows/run-001/run.json',
        `${JSON.stringify({ format: 'track-run/1', run_id: 'run-001', track_id: t.track_id, step_id: 'test', status: 'failed' })}\n`,
      );
      await tx.putTrackFile(t.track_id, 'workflows/run-001/stdout.log', 'héllo ✓\n');
    });
    await life.pauseTrack(a.store, t.track_id, 'lunch');
    return t.track_id;
  }

  it('round-trips a track across two roots byte for byte; it arrives as draft with the import recorded', async () => {
    const id = await sourceTrack();
    const bundle = await exportTrack(a.store, id);
    expect(bundle.files.map((f) => f.path)).toEqual([
      'checkpoints/checkpoint-001.json',
      'context/decisions.json',
      expect.stringMatching(/^objects\/[0-9a-f]{64}$/),
      'track.json',
      'workflows/run-001/run.json',
      'workflows/run-001/stdout.log',
    ]);
    const result = await importTrack(b.store, JSON.parse(JSON.stringify(bundle)));
    expect(result.track.track_id).toBe(id);
    const before = files(join(a.root, id));
    const after = files(join(b.root, id));
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [path, bytes] of before) if (path !== 'track.json') expect(after.get(path)?.equals(bytes), path).toBe(true);
    const original = JSON.parse(before.get('track.json')?.toString() ?? '');
    const imported = JSON.parse(after.get('track.json')?.toString() ?? '');
    expect(imported.status).toBe('draft');
    expect(imported.status_history.slice(0, -1)).toEqual(original.status_history);
    expect(imported.status_history.at(-1)).toMatchObject({ from: 'paused', to: 'draft', reason: expect.stringMatching(/imported as draft/) });
    const strip = ({ status: _s, status_history: _h, updated_at: _u, ...rest }: Record<string, unknown>) => rest;
    expect(strip(imported)).toEqual(strip(original));
    expect(storeProblems(b.root)).toEqual([]);
    // The imported checkpoint still verifies: the track can be activated and resumed from it later.
    expect((await life.activateTrack(b.store, id)).track.status).toBe('active');
  });

  it('refuses an id collision unless --rename, which re-addresses checkpoints and runs', async () => {
    const id = await sourceTrack();
    const bundle = await exportTrack(a.store, id);
    await importTrack(b.store, bundle);
    const error = await importTrack(b.store, bundle).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.hint).toMatch(/--rename/);
    const renamed = await importTrack(b.store, bundle, { rename: true });
    expect(renamed.track.track_id).not.toBe(id);
    const dir = join(b.root, renamed.track.track_id);
    const checkpoint = JSON.parse(readFileSync(join(dir, 'checkpoints/checkpoint-001.json'), 'utf8'));
    expect(checkpoint.track_id).toBe(renamed.track.track_id);
    expect(checkpoint.track.track_id).toBe(renamed.track.track_id);
    expect(JSON.parse(readFileSync(join(dir, 'workflows/run-001/run.json'), 'utf8')).track_id).toBe(renamed.track.track_id);
    expect(readFileSync(join(dir, 'workflows/run-001/stdout.log'), 'utf8')).toBe('héllo ✓\n');
    const explicit = await importTrack(b.store, bundle, { id: 'track-copy-009' });
    expect(explicit.track.track_id).toBe('track-copy-009');
    await life.activateTrack(b.store, renamed.track.track_id);
    await life.pauseTrack(b.store);
    expect((await life.resumeTrack(b.store, renamed.track.track_id)).track.status).toBe('active');
    expect(storeProblems(b.root)).toEqual([]);
  });

  it('refuses tampered bundles and hostile paths, writing nothing', async () => {
    const id = await sourceTrack();
    const bundle = await exportTrack(a.store, id);
    const snapshot = () => [...files(b.root)].map(([k, v]) => `${k}:${sha(v)}`).sort();
    const empty = snapshot();
    const edit = (fn: (x: TrackBundle) => void): TrackBundle => {
      const copy = structuredClone(bundle);
      fn(copy);
      return copy;
    };
    const log = (x: TrackBundle) => x.files.find((f) => f.path.endsWith('stdout.log')) as TrackBundle['files'][number];
    const cases: Array<[string, TrackBundle, new (...args: never[]) => Error]> = [
      [
        'edited data',
        edit((x) => {
          log(x).data = 'evil\n';
        }),
        ChecksumMismatchError,
      ],
      [
        'edited manifest',
        edit((x) => {
          log(x).sha256 = '0'.repeat(64);
        }),
        ChecksumMismatchError,
      ],
      [
        'dot-dot path',
        reseal(
          edit((x) => {
            log(x).path = '../../../evil.sh';
          }),
        ),
        UnsafePathError,
      ],
      [
        'absolute path',
        reseal(
          edit((x) => {
            log(x).path = '/etc/cron.d/evil';
          }),
        ),
        UnsafePathError,
      ],
      [
        'backslash path',
        reseal(
          edit((x) => {
            log(x).path = 'workflows\\..\\..\\evil';
          }),
        ),
        UnsafePathError,
      ],
      [
        'file and directory at once',
        reseal(
          edit((x) => {
            x.files.push({ ...log(x), path: 'track.json/inner' });
          }),
        ),
        UnsafePathError,
      ],
    ];
    for (const [what, tampered, type] of cases) {
      const error = await importTrack(b.store, tampered).catch((e) => e);
      expect(error, what).toBeInstanceOf(type);
      expect(snapshot(), what).toEqual(empty);
    }
    const badTrack = reseal(
      edit((x) => {
        const t = x.files.find((f) => f.path === 'track.json') as TrackBundle['files'][number];
        t.data = t.data.replace('"priority": "P1"', '"priority": "P9"');
      }),
    );
    await expect(importTrack(b.store, badTrack)).rejects.toThrow(/schema/);
    const badCheckpoint = reseal(
      edit((x) => {
        const c = x.files.find((f) => f.path.startsWith('checkpoints/')) as TrackBundle['files'][number];
        c.data = c.data.replace('"reason": "lunch"', '"reason": "dinner"');
      }),
    );
    await expect(importTrack(b.store, badCheckpoint)).rejects.toBeInstanceOf(ChecksumMismatchError);
    expect(snapshot()).toEqual(empty);
  });

  it('round-trips files that are not UTF-8 (a binary artifact, raw log bytes), also under a new id', async () => {
    const id = await sourceTrack();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0xc3, 0x28]);
    writeFileSync(join(a.dir, 'shot.png'), png);
    await life.resumeTrack(a.store, id);
    const { artifact } = await addArtifact(a.store, { track_id: id, file: 'shot.png' });
    await a.store.transaction((tx) => tx.putTrackFile(id, 'workflows/run-001/stderr.log', Buffer.from([0xff, 0x00, 0x80, 0x0a])));
    const bundle = await exportTrack(a.store, id);
    expect(bundle.files.filter((f) => f.encoding === 'base64').map((f) => f.path)).toEqual([`objects/${artifact.sha256}`, 'workflows/run-001/stderr.log']);
    await importTrack(b.store, JSON.parse(JSON.stringify(bundle)));
    const renamed = await importTrack(b.store, bundle, { rename: true });
    const before = files(join(a.root, id));
    for (const target of [id, renamed.track.track_id]) {
      const after = files(join(b.root, target));
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      expect(after.get(`objects/${artifact.sha256}`)?.equals(png)).toBe(true);
      expect(after.get('workflows/run-001/stderr.log')?.equals(Buffer.from([0xff, 0x00, 0x80, 0x0a]))).toBe(true);
    }
    expect(storeProblems(b.root)).toEqual([]);
    expect(await storeLevelProblems(b.store)).toEqual([]);
  });

  it('refuses an object whose bytes do not hash to its name, writing nothing', async () => {
    const id = await sourceTrack();
    const bundle = await exportTrack(a.store, id);
    const object = bundle.files.find((f) => f.path.startsWith('objects/')) as TrackBundle['files'][number];
    const planted = Buffer.from('not what the name says');
    Object.assign(object, { encoding: 'base64', data: planted.toString('base64') });
    const before = [...files(b.root).keys()].sort();
    await expect(importTrack(b.store, reseal(bundle))).rejects.toBeInstanceOf(ChecksumMismatchError);
    expect([...files(b.root).keys()].sort()).toEqual(before);
  });

  it('an import interrupted after writing its objects leaves nothing doctor calls a problem, and can be run again', async () => {
    const id = await sourceTrack();
    const bundle = await exportTrack(a.store, id);
    const object = bundle.files.find((f) => f.path.startsWith('objects/')) as TrackBundle['files'][number];
    // What a crash between writing the objects and committing leaves behind.
    putObject(b.root, id, Buffer.from(object.data, object.encoding === 'utf8' ? 'utf8' : 'base64'));
    expect(storeProblems(b.root)).toEqual([]);
    expect(await diagnose(b.store)).toEqual([]);
    expect((await importTrack(b.store, bundle)).track.track_id).toBe(id);
    expect(await storeLevelProblems(b.store)).toEqual([]);
  });

  it('doctor --fix removes the old objects of an import that never committed, and their folders', async () => {
    const id = await sourceTrack();
    const { sha256 } = putObject(b.root, id, Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    const old = new Date(Date.now() - 120_000);
    utimesSync(join(b.root, id, 'objects', sha256), old, old);
    expect((await diagnose(b.store)).map((x) => `${x.check} ${x.path} ${x.harmless}`)).toEqual([`unreferenced-objects ${id}/objects/${sha256} true`]);
    expect((await doctor(b.store, { fix: true })).remaining).toEqual([]);
    expect(existsSync(join(b.root, id))).toBe(false);
  });
});
