/**
 * Every `track …` command quoted in README.md, docs/*.md and the SKILL.md that `init` writes must be
 * a real command with real options: each is run through the built CLI with `--help` appended (which
 * parses every option first and runs nothing). A failure names the doc line and what is wrong.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { commandTable } from '../../src/faces/cli/commands/index.js';
import { skillMarkdown } from '../../src/features/setup/skill-text.js';
import { runCliAsync } from '../helpers/cli.js';
import { type DocVariant, expectedHelp, extractCommands, variantsOf } from '../helpers/doc-commands.js';
import { tempDir } from '../helpers/temp.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const table = commandTable(() => 'file:///nonexistent/track.cjs');

function docs(): Array<[string, string]> {
  const files = [
    'README.md',
    ...readdirSync(join(repo, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  return [...files.map((f): [string, string] => [f, readFileSync(join(repo, f), 'utf8')]), ['SKILL.md (src/features/setup/skill-text.ts)', skillMarkdown()]];
}

/** Runs each distinct command once (two at a time) and returns one message per doc line that is wrong. */
async function check(variants: DocVariant[], cwd: string): Promise<string[]> {
  const problems: string[] = [];
  const byArgv = new Map<string, DocVariant[]>();
  for (const v of variants) {
    if (v.problem) problems.push(`${v.where}: \`${v.text}\`: ${v.problem}`);
    else byArgv.set(JSON.stringify(v.argv), [...(byArgv.get(JSON.stringify(v.argv)) ?? []), v]);
  }
  const queue = [...byArgv.values()];
  const worker = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      const argv = (group[0] as DocVariant).argv;
      const name = expectedHelp(table, argv);
      const r = await runCliAsync([...argv, '--help'], { cwd });
      const usage = name === '' ? 'Usage: track <command>' : `Usage: track ${name} `;
      const ok = r.code === 0 && name !== undefined && (name === '' ? r.stdout.includes(usage) : r.stdout.startsWith(usage));
      if (ok) continue;
      const why = r.code !== 0 ? `exit ${r.code}: ${r.stderr.trim().split('\n')[0]}` : `printed the help of another command: ${r.stdout.split('\n')[0]}`;
      for (const v of group) problems.push(`${v.where}: \`${v.text}\` → \`track ${argv.join(' ')}\`: ${why}`);
    }
  };
  await Promise.all([worker(), worker()]);
  return problems.sort();
}

describe('the command lines quoted in the docs', () => {
  const t = tempDir('track-docs-');
  afterAll(() => t.cleanup());

  it('are all real commands with real options', async () => {
    const quoted = docs().flatMap(([file, text]) => extractCommands(text, file));
    expect(quoted.length).toBeGreaterThan(80);
    const variants = quoted.flatMap((c) => variantsOf(c, table));
    const problems = await check(variants, t.dir);
    expect(problems, `doc lines that are not valid track commands:\n${problems.join('\n')}`).toEqual([]);
    expect(readdirSync(t.dir), 'a documented command ran instead of printing its help').toEqual([]);
  }, 240_000);

  it('catch the mistakes docs drift into, and read placeholders as placeholders', async () => {
    const sample = [
      '```bash',
      'track checkpoint restore          # a command that does not exist',
      'track template list | conflicts | stats',
      'track list --nme x',
      'track step compelte --step-id <id>',
      'track step complete --step-id ID [--output k=v …] [--notes …]',
      'track step fail|skip|release --step-id S',
      'track checkpoint verify [ID | --all]',
      'track create --name "Auth" \\',
      '  --goal "…" --priority P1',
      'track list --json | jq .',
      '```',
      'Inline: `track restore --checkpoint checkpoint-NNN`, `track show <id>` and `track resume --frobnicate`.',
      'Entry points: `node .claude/skills/track-manager/registry.mjs list --status active`, `manager.mjs nxt`.',
      'Placeholders for commands: `track-cli.mjs <command>`, `track hook …`, `track templat …`.',
    ].join('\n');
    const quoted = extractCommands(sample, 'sample.md');
    expect(quoted.map((q) => q.where)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 13, 13, 14, 14, 15, 15, 15].map((n) => `sample.md:${n}`));
    const problems = await check(
      quoted.flatMap((c) => variantsOf(c, table)),
      t.dir,
    );
    expect(problems).toEqual([
      "sample.md:13: `track resume --frobnicate` → `track resume --frobnicate`: exit 2: error: unknown option '--frobnicate' for 'track resume' (hint: see 'track resume --help' for its options)",
      "sample.md:14: `track nxt` → `track nxt`: exit 2: error: unknown command 'nxt' (hint: did you mean 'track next --help'?)",
      "sample.md:15: `track templat …` → `track templat`: exit 2: error: unknown command 'templat' (hint: did you mean 'track template --help'?)",
      "sample.md:2: `track checkpoint restore` → `track checkpoint restore`: exit 2: error: unknown command 'checkpoint restore' (hint: did you mean 'track restore --checkpoint ID'? (run 'track checkpoints' to list them, then 'track restore --checkpoint checkpoint-NNN'))",
      "sample.md:3: `track template list | conflicts | stats`: '| conflicts' after 'track template list' reads as 'track template conflicts', which is not a command; write each command in full",
      "sample.md:4: `track list --nme x` → `track list --nme x`: exit 2: error: unknown option '--nme' for 'track list' (hint: see 'track list --help' for its options)",
      "sample.md:5: `track step compelte --step-id <id>` → `track step compelte --step-id <id>`: exit 2: error: unknown command 'step compelte' (hint: did you mean 'track step complete --step-id \"<id>\" --help'?)",
    ]);
  }, 120_000);
});
