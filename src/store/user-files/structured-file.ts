/** Plan and workflow files written by people: YAML or JSON, size-capped, parsed as safely as store documents. */
import { extname, join } from 'node:path';
import { CorruptStoreError, TrackError, ValidationError } from '../../core/errors.js';
import { decodeUtf8, parseJsonText } from '../../core/json.js';
import { assertPlainName } from '../../core/names.js';
import { isErrno } from '../file/fs-seam.js';
import { readFileBytes } from '../file/safe-json.js';
import { containedRealPath } from './contained-path.js';

const MAX_USER_FILE_BYTES = 4 * 1024 * 1024;
const YAML_EXTENSIONS = new Set(['.yaml', '.yml']);

export async function parseStructuredText(text: string, label: string, yaml: boolean): Promise<unknown> {
  if (!yaml) return parseJsonText(text, label);
  const { parse } = await import('yaml');
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new ValidationError(`${label} is not valid YAML (${(error as Error).message.split('\n')[0]?.slice(0, 120)})`, 'fix the file and retry');
  }
  // Round-trip through JSON so YAML gets the same depth and forbidden-key checks as JSON.
  return parseJsonText(JSON.stringify(value ?? null), label);
}

/**
 * Reads a YAML (.yaml/.yml) or JSON file; any problem with it is the user's to fix, not the store's.
 * `shown` is the name the user gave it (errors and the YAML/JSON choice go by it); `path` is where
 * it really is, with no symbolic link left in it (see containedRealPath).
 */
export async function readStructuredFile(path: string, shown = path): Promise<unknown> {
  try {
    const bytes = readFileBytes(path, MAX_USER_FILE_BYTES);
    return await parseStructuredText(decodeUtf8(bytes, shown), shown, YAML_EXTENSIONS.has(extname(shown).toLowerCase()));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) throw new TrackError('NOT_FOUND', `no such file: ${shown}`, 'check the path of the file');
    if (error instanceof CorruptStoreError) throw new ValidationError(error.message.replace(path, shown), 'fix the file and retry');
    throw error;
  }
}

/**
 * The workflow definition `name` from `dir` (name.yaml, name.yml or name.json), or null. Like any
 * file a plan names, it may be a symbolic link to a file inside the project (`projectDir`).
 */
export async function readWorkflowFile(dir: string, name: string, projectDir: string): Promise<{ path: string; value: unknown } | null> {
  assertPlainName(name, 'workflow name');
  for (const ext of ['.yaml', '.yml', '.json']) {
    const path = join(dir, `${name}${ext}`);
    try {
      return { path, value: await readStructuredFile(containedRealPath(projectDir, path), path) };
    } catch (error) {
      if (error instanceof TrackError && error.code === 'NOT_FOUND') continue;
      throw error;
    }
  }
  return null;
}
