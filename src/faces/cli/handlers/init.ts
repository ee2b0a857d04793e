import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../../../core/errors.js';
import { shellWord } from '../../../core/face-commands.js';
import { type InitResult, initProject } from '../../../features/setup/init-project.js';
import { ROOT_ENV, ROOT_SUBPATH } from '../../../store/file/paths.js';
import { flag, type Invocation, str } from '../command.js';
import type { Output } from '../output.js';

/** Says why init works somewhere other than the working directory. */
function placementLine(r: InitResult): string[] {
  const from = relative(r.project_dir, process.cwd());
  const other = 'pass --root to choose another place';
  if (r.placement === 'repository')
    return [`working at the repository's top level ${r.project_dir} (you are in ${from}): Claude Code reads .claude/ there; ${other}`];
  // In a linked worktree the root found is the main checkout's, not one above the project.
  if (r.placement === 'found-above' && relative(r.project_dir, r.root).startsWith('..'))
    return [`using the main checkout's tracks root ${r.root}, which every worktree of this repository shares; ${other}`];
  if (r.placement === 'found-above') return [`using the tracks root found above, in ${r.project_dir} (you are in ${from}); ${other}`];
  return [];
}

/**
 * A root given by --root or TRACK_MANAGER_ROOT that walking up from the project does not find:
 * every later command must be told where it is, so say so and print next steps that work.
 */
function undiscoverable(r: InitResult, byOption: boolean): { lines: string[]; next: string } | undefined {
  if (r.discoverable) return undefined;
  const instead = r.found_instead ? `it finds ${r.found_instead} instead` : 'it finds none';
  const word = shellWord(r.root);
  const lines = [
    `note: commands do not find this tracks root by themselves: they look for ${ROOT_SUBPATH} in the working directory and above, and from ${r.project_dir} ${instead}`,
    `  name it in every command (track list --root ${word}), or export ${ROOT_ENV}=${word} where track, the skill entry points and the hooks run`,
  ];
  // Set through the environment, it is found as long as the variable stays set.
  return { lines, next: byOption ? `track create --root ${word} --name "…" --goal "…"` : 'track create --name "…" --goal "…"' };
}

async function initDatabase(inv: Invocation, binUrl: string): Promise<Output> {
  const { initDatabaseProject } = await import('../../../features/setup/init-database.js');
  const r = await initDatabaseProject({
    databaseUrl: inv.global.databaseUrl,
    urlEnv: str(inv, 'url-env'),
    project: inv.global.project,
    hooks: flag(inv, 'hooks'),
    mcp: flag(inv, 'mcp'),
  });
  const lines = [
    `database ${r.database}, project '${r.project}': ${r.project_created ? 'registered' : 'already registered (left as it is)'}`,
    r.migrations_applied.length ? `schema migrated to version ${r.schema_version}` : `schema already at version ${r.schema_version}`,
    ...r.files.map((p) => `wrote ${p}`),
    ...r.unchanged.map((p) => `unchanged ${p}`),
    ...r.config.map((c) =>
      c.action === 'added' ? `added ${c.entries.join(', ')} to ${c.file}` : c.action === 'skipped' ? `skipped ${c.file}: ${c.reason}` : `unchanged ${c.file}`,
    ),
    `every machine sets ${r.url_env} to the database URL; commit .claude/conductor/store.json`,
    'next: track create --name "…" --goal "…"',
  ];
  return { json: { ...r, bin: fileURLToPath(binUrl) }, human: lines };
}

export async function init(inv: Invocation, binUrl: string): Promise<Output> {
  const store = str(inv, 'store') ?? 'files';
  if (store !== 'files' && store !== 'postgres')
    throw new ValidationError(`unknown store '${store.slice(0, 40)}'`, 'pass --store files (the default) or --store postgres');
  if (store === 'postgres') return initDatabase(inv, binUrl);
  if (str(inv, 'url-env') !== undefined) throw new ValidationError('--url-env goes with --store postgres', 'track init --store postgres --url-env VAR');
  const r = initProject({ root: inv.global.root, allowForeignRoot: inv.global.allowForeignRoot, hooks: flag(inv, 'hooks'), mcp: flag(inv, 'mcp') });
  const hidden = undiscoverable(r, inv.global.root !== undefined);
  const lines = [
    ...placementLine(r),
    r.created ? `created tracks root ${r.root}` : `tracks root ${r.root} already exists (left as it is)`,
    ...r.files.map((p) => `wrote ${p}`),
    ...r.unchanged.map((p) => `unchanged ${p}`),
    ...r.config.map((c) =>
      c.action === 'added'
        ? `added ${c.entries.join(', ')} to ${c.file}`
        : c.action === 'skipped'
          ? `skipped ${c.file}: ${c.reason}`
          : `unchanged ${c.file} (its track-manager entries are there)`,
    ),
    ...(hidden?.lines ?? []),
    `next: ${hidden?.next ?? 'track create --name "…" --goal "…"'}`,
  ];
  const { found_instead: _found, ...json } = r;
  return { json: { ...json, bin: fileURLToPath(binUrl) }, human: lines };
}
