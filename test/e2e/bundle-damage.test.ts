import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/** A bundle damaged after its export is refused (exit 7) with a way out that fits a bundle, and that way out works. */
describe('importing a damaged bundle (built CLI)', () => {
  let t: { dir: string; cleanup(): void };
  afterEach(() => t?.cleanup());
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  const ok = (...args: string[]) => {
    const r = cli(...args);
    expect(r.code, `track ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };

  it('a flipped byte in a base64 object: the hint says to export again or get an intact copy, not to restore a checkpoint', () => {
    t = tempDir('track-bundle-damage-');
    ok('init');
    const id = ok('create', '--name', 'Assets', '--goal', 'ship the logo', '--json').json.track_id as string;
    ok('activate', id);
    writeFileSync(join(t.dir, 'logo.bin'), Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81, 0x82, 0x83]));
    ok('artifact', 'add', 'logo.bin');
    ok('export', id, '--out', 'good.json');

    const bundle = JSON.parse(readFileSync(join(t.dir, 'good.json'), 'utf8'));
    const object = bundle.files.find((f: { encoding: string }) => f.encoding === 'base64');
    expect(object.path).toMatch(/^objects\//);
    object.data = `${object.data[0] === 'A' ? 'B' : 'A'}${object.data.slice(1)}`;
    writeFileSync(join(t.dir, 'bad.json'), JSON.stringify(bundle));

    const r = cli('import', 'bad.json', '--rename', '--json');
    expect(r.code).toBe(7);
    expect(r.json.error.code).toBe('CHECKSUM_MISMATCH');
    expect(r.json.error.message).toContain(object.path);
    const hint = r.json.error.hint as string;
    expect(hint).not.toMatch(/checkpoint/);
    expect(hint).toMatch(/intact copy of the bundle/);
    expect(ok('list', '--json').json.tracks).toHaveLength(1);

    // The export it names runs as printed, and its file imports.
    const exportArgs = (/'track (export [^']+)'/.exec(hint)?.[1] ?? '').split(' ');
    expect(exportArgs).toEqual(['export', id, '--out', `${id}.bundle.json`]);
    ok(...exportArgs);
    const copy = ok('import', `${id}.bundle.json`, '--rename', '--json').json.track.track_id as string;
    expect(copy).not.toBe(id);
    expect(ok('artifact', 'get', 'logo.bin', '--track-id', copy, '--output', 'logo-copy.bin').code).toBe(0);
    expect(readFileSync(join(t.dir, 'logo-copy.bin'))).toEqual(readFileSync(join(t.dir, 'logo.bin')));
  });
});
