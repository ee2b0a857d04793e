/**
 * Hints for mistyped input, run literally through a shell as a user would paste them: a slip of
 * case (`p1`, `ACTIVE`, `FEATURE`), a mistyped `update` field, decision and assumption ids in the
 * wrong shape, and the hints of `import` and `step remove`.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { connectMcp, type McpSession } from '../helpers/mcp.js';
import { hintCommand, shellRunner } from '../helpers/shell.js';
import { tempDir } from '../helpers/temp.js';

describe('hints that work for mistyped input', () => {
  const t = tempDir('track-hints-');
  const sh = shellRunner();
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  let a = '';
  let b = '';
  beforeAll(() => {
    expect(cli('init').code).toBe(0);
    a = cli('create', '--name', 'Auth', '--goal', 'g', '--priority', 'P1', '--json').json.track_id;
    b = cli('create', '--name', 'Billing', '--goal', 'g', '--json').json.track_id;
    expect(cli('activate', a).code).toBe(0);
  });
  afterAll(() => {
    sh.cleanup();
    t.cleanup();
  });

  /** Runs a command that must fail with `code` and one line matching `message`; returns the hint's command, run through the shell. */
  function followHint(args: string[], code: number, message: RegExp): ReturnType<typeof sh.run> & { hint: string } {
    const r = cli(...args);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    const hint = hintCommand(r.stderr);
    return { ...sh.run(hint, t.dir), hint };
  }

  it('a value that differs only in case is the suggestion, first and alone', () => {
    const p1 = followHint(['list', '--priority', 'p1'], 2, /invalid --priority 'p1'/);
    expect(p1.hint).toBe('track list --priority P1');
    expect(p1.code, p1.stderr).toBe(0);
    expect(p1.stdout).toContain(a);
    expect(followHint(['list', '--priority', 'p2'], 2, /invalid --priority/).hint).toBe('track list --priority P2');
    const active = followHint(['list', '--status', 'ACTIVE'], 2, /invalid --status 'ACTIVE'/);
    expect(active.hint).toBe('track list --status active');
    expect(active.stdout).toContain(a);
    expect(followHint(['list', '--type', 'FEATURE'], 2, /invalid --type/).hint).toBe('track list --type feature');

    const created = followHint(['create', '--name', 'Docs', '--goal', 'g', '--type', 'FEATURE', '--priority', 'P3'], 2, /invalid type/);
    expect(created.hint).toBe('track create --name Docs --goal g --type feature --priority P3');
    expect(created.code, created.stderr).toBe(0);
  });

  it('update: a case slip in the value, a typo in the field, in the status', () => {
    const p0 = followHint(['update', b, '--field', 'priority', '--value', 'p0'], 2, /invalid priority/);
    expect(p0.hint).toBe(`track update ${b} --field priority --value P0`);
    expect(p0.code, p0.stderr).toBe(0);
    const field = followHint(['update', b, '--field', 'priorty', '--value', 'P1'], 2, /the field 'priorty' cannot be updated/);
    expect(field.hint).toBe(`track update ${b} --field priority --value P1`);
    expect(field.code, field.stderr).toBe(0);
    expect(cli('show', b, '--json').json.priority).toBe('P1');
    const status = followHint(['update', b, '--field', 'status', '--value', 'READY'], 2, /invalid status 'READY'/);
    expect(status.hint).toBe(`track update ${b} --field status --value ready`);
    expect(status.code, status.stderr).toBe(0);
    expect(cli('show', b, '--json').json.status).toBe('ready');
  });

  it('decision and assumption ids: the error says what an id looks like, names the option typed, and suggests the ids there are', () => {
    expect(cli('decide', 'Use PKCE').code).toBe(0);
    expect(cli('assume', 'the API allows 100 requests/s').code).toBe(0);

    const validate = followHint(
      ['assume', '--validate', 'asm-1'],
      2,
      /^error: invalid --validate 'asm-1': an assumption id is 'asm-' and three or more digits, like asm-001 /,
    );
    expect(validate.hint).toBe('track assume --validate asm-001');
    expect(validate.code, validate.stderr).toBe(0);
    const invalidate = cli('assume', '--invalidate', 'a1');
    expect(invalidate.stderr).toMatch(/^error: invalid --invalidate 'a1': an assumption id is/);

    const supersede = followHint(
      ['decide', 'Use PKCE everywhere', '--supersedes', 'dec-1'],
      2,
      /^error: invalid --supersedes 'dec-1': a decision id is 'dec-'/,
    );
    expect(supersede.hint).toBe('track decide "Use PKCE everywhere" --supersedes dec-001');
    expect(supersede.code, supersede.stderr).toBe(0);

    const share = followHint(['context', 'share', '--from', a, '--to', b, '--decision', 'dec-01'], 2, /^error: invalid --decision 'dec-01': a decision id/);
    expect(share.hint).toBe(`track context share --from ${a} --to ${b} --decision dec-001`);
    expect(share.code, share.stderr).toBe(0);

    // Well-formed but not there: not found, with the ids there are.
    const missing = followHint(['context', 'share', '--from', a, '--to', b, '--decision', 'dec-003'], 3, /track '.*' has no decision 'dec-003'/);
    expect(missing.hint).toMatch(/--decision dec-00[12]$/);
  });

  it('import names the bundle file in its hint, and step remove keeps --track-id and gives the edit of every dependent', () => {
    expect(cli('export', a, '--out', 'auth bundle.json').code).toBe(0);
    const imported = followHint(['import', 'auth bundle.json'], 11, /already exists here/);
    expect(imported.hint).toBe("track import 'auth bundle.json' --rename");
    expect(imported.code, imported.stderr).toBe(0);

    expect(cli('step', 'add', '--track-id', b, '--step-id', 'one', '--name', 'One', '--action-type', 'manual').code).toBe(0);
    expect(cli('step', 'add', '--track-id', b, '--step-id', 'two', '--name', 'Two', '--action-type', 'manual', '--depends-on', 'one').code).toBe(0);
    expect(cli('step', 'add', '--track-id', b, '--step-id', 'three', '--name', 'Three', '--action-type', 'manual', '--depends-on', 'one,two').code).toBe(0);
    const refused = cli('step', 'remove', '--step-id', 'one', '--track-id', b);
    expect(refused.code).toBe(11);
    expect(refused.stderr).toMatch(/step 'one' is a dependency of two, three/);
    // One edit per dependent, each keeping that step's other dependencies: following them all lets the remove through.
    const edits =
      /\(hint: remove it from their depends_on first: (.*)\)\s*$/
        .exec(refused.stderr.trim())?.[1]
        ?.split(', then ')
        .map((e) => e.replace(/^'|'$/g, '')) ?? [];
    expect(edits).toEqual([
      `track step edit --step-id two --track-id ${b} --depends-on ""`,
      `track step edit --step-id three --track-id ${b} --depends-on two`,
    ]);
    for (const edit of edits) expect(sh.run(edit, t.dir).code).toBe(0);
    expect(cli('step', 'remove', '--step-id', 'one', '--track-id', b).code).toBe(0);
  });

  describe('through MCP', () => {
    let server: McpSession;
    let c: Client;
    beforeAll(async () => {
      server = await connectMcp(t.dir, ['--all-tools']);
      c = server.client;
    });
    afterAll(async () => server?.client.close());

    it('update with a mistyped field suggests the field, and the call in the hint works', async () => {
      const r = await c.callTool({ name: 'update', arguments: { track_id: b, field: 'priorty', value: 'P2' } });
      expect(r.isError).toBe(true);
      const hint = (r.structuredContent as { hint: string }).hint;
      expect(hint).toMatch(/^did you mean 'priority'\? call `update \{.*"field":"priority".*\}`$/);
      const [, json] = /`update (\{.*\})`/.exec(hint) ?? [];
      const followed = await c.callTool({ name: 'update', arguments: JSON.parse(json as string) });
      expect(followed.isError).toBeFalsy();
      expect(cli('show', b, '--json').json.priority).toBe('P2');
    });
  });
});
