import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/** `track export | head -c 10`: the reader leaves early; the rest of the output is dropped, not reported as a crash. */
describe('output into a pipe whose reader has gone', () => {
  let t: { dir: string; cleanup(): void };
  afterEach(() => t?.cleanup());

  it('export stops writing quietly and exits 0', async () => {
    t = tempDir('track-closed-pipe-');
    const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
    expect(cli('init').code).toBe(0);
    const id = cli('create', '--name', 'Big', '--goal', 'a bundle larger than a pipe holds', '--json').json.track_id as string;
    expect(cli('activate', id).code).toBe(0);
    writeFileSync(join(t.dir, 'big.txt'), 'x'.repeat(512 * 1024));
    expect(cli('artifact', 'add', 'big.txt').code).toBe(0);

    const child = spawn(process.execPath, [BIN, 'export', id], { cwd: t.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const first = await new Promise<Buffer>((resolve) => child.stdout.once('data', resolve));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(first.length).toBeGreaterThan(0);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
