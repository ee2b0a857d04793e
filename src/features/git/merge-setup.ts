/**
 * `track init` in a git repository registers the merge driver: `.gitattributes` in the tracks root
 * (committed: every clone merges the same way) and `merge.track.*` in the clone's git config (local:
 * each clone runs `track init` once). `track uninstall` removes both.
 */
import { join, relative, sep } from 'node:path';
import { TrackError } from '../../core/errors.js';
import { shellWord } from '../../core/face-commands.js';
import { atomicWriteFile, unlinkQuietly } from '../../store/file/atomic-write.js';
import { isErrno } from '../../store/file/fs-seam.js';
import { readTextIfPresent } from '../../store/file/safe-json.js';
import { type GitCheckout, gitCheckoutOf } from '../../store/git-worktree.js';
import type { FileChange } from '../setup/claude-setup.js';
import { ATTRIBUTES_FILE, withOurLines, withoutOurLines } from './attributes.js';
import { configFileOf, DRIVER_NAME, readDriver } from './git-config.js';

const DRIVER_LABEL = 'track-manager: merge track documents by meaning';
const ENTRIES = [`merge.${DRIVER_NAME}.name`, `merge.${DRIVER_NAME}.driver`];
const GIT_TIMEOUT_MS = 10_000;

const MAX_ATTRIBUTES_BYTES = 1024 * 1024;
const readText = (path: string): string | null => readTextIfPresent(path, MAX_ATTRIBUTES_BYTES);

/** Runs `git config --local …`: true when it worked, null when there is no git to run. */
function git(top: string, args: string[]): boolean | null {
  const { spawnSync } = process.getBuiltinModule('node:child_process');
  const r = spawnSync('git', ['config', '--local', ...args], { cwd: top, stdio: 'ignore', timeout: GIT_TIMEOUT_MS });
  if (isErrno(r.error, 'ENOENT')) return null;
  return r.status === 0;
}

/**
 * The driver's command: git runs it through the shell from the top of the worktree being merged,
 * where the entry point `init` wrote sits at the same relative path in every worktree of the clone.
 */
export function driverCommand(checkout: GitCheckout, entryPoint: string): string {
  const path = relative(checkout.top, entryPoint).split(sep).join('/');
  return `node ${shellWord(path)} merge-driver %O %A %B %P`;
}

/** Writes the attributes and registers the driver; what it changed (nothing outside a git repository). */
export function setUpMergeDriver(root: string, entryPoint: string): FileChange[] {
  const checkout = gitCheckoutOf(root);
  if (!checkout) return [];
  const attributesPath = join(root, ATTRIBUTES_FILE);
  const before = readText(attributesPath) ?? '';
  const after = withOurLines(before);
  if (after !== before) atomicWriteFile(attributesPath, after);
  const command = driverCommand(checkout, entryPoint);
  const attributes: FileChange = { file: attributesPath, action: after === before ? 'unchanged' : 'added', entries: [`merge=${DRIVER_NAME}`] };
  const registered = readDriver(checkout) === command;
  const named = registered || git(checkout.top, [ENTRIES[0] as string, DRIVER_LABEL]);
  // Without a git program the repository is still set up; only merges would fall back to git's line merge (doctor and the hook say so).
  if (named === null) {
    return [
      attributes,
      {
        file: configFileOf(checkout),
        action: 'skipped',
        entries: ENTRIES,
        reason: "no 'git' on PATH to register the merge driver: run 'track init' again where git runs",
      },
    ];
  }
  if (!registered && !(named && git(checkout.top, [ENTRIES[1] as string, command]))) {
    throw new TrackError(
      'INTERNAL',
      `git config could not register the merge driver in ${configFileOf(checkout)}`,
      `check that git runs here ('git config --local --list'), then run 'track init' again`,
    );
  }
  return [attributes, { file: configFileOf(checkout), action: registered ? 'unchanged' : 'added', entries: ENTRIES }];
}

/** Removes our attribute lines (the file too when nothing else is in it) and the driver's config section. */
export function removeMergeDriver(root: string | null, projectDir: string): FileChange[] {
  const changes: FileChange[] = [];
  if (root) {
    const attributesPath = join(root, ATTRIBUTES_FILE);
    const before = readText(attributesPath);
    const after = before === null ? null : withoutOurLines(before);
    if (before !== null && after !== before) {
      if (after) atomicWriteFile(attributesPath, after);
      else unlinkQuietly(attributesPath);
      changes.push({ file: attributesPath, action: 'removed', entries: [`merge=${DRIVER_NAME}`] });
    }
  }
  const checkout = gitCheckoutOf(root ?? projectDir);
  if (checkout && readDriver(checkout) !== null && git(checkout.top, ['--remove-section', `merge.${DRIVER_NAME}`])) {
    changes.push({ file: configFileOf(checkout), action: 'removed', entries: ENTRIES });
  }
  return changes;
}
