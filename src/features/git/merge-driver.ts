/**
 * `track merge-driver %O %A %B %P`: git's custom merge driver for the track documents. The merged
 * document replaces %A; when the three versions cannot be merged, %A is left holding one side's
 * valid JSON and the reason is returned (git then reports a conflict).
 */
import { ValidationError } from '../../core/errors.js';
import { decodeUtf8, parseJsonText } from '../../core/json.js';
import { mergeDocument } from '../../core/merge/document.js';
import { toTrackError } from '../../core/to-track-error.js';
import { atomicWriteFile } from '../../store/file/atomic-write.js';
import { isErrno } from '../../store/file/fs-seam.js';
import { readFileBytes } from '../../store/file/safe-json.js';

/** A track document is far below this; git hands the driver whatever the paths hold, so it is bounded before reading. */
export const MAX_MERGED_BYTES = 16 * 1024 * 1024;

export interface MergeDriverInput {
  /** %O: the merge base's version (empty when both sides added the file). */
  base: string;
  /** %A: ours, replaced by the result. */
  ours: string;
  /** %B: theirs. */
  theirs: string;
  /** %P: the path in the repository, for messages. */
  path: string;
}

export type MergeDriverResult = { merged: true } | { merged: false; reason: string };

function readText(file: string): string {
  try {
    return decodeUtf8(readFileBytes(file, MAX_MERGED_BYTES), file);
  } catch (error) {
    if (isErrno(error, 'ENOENT'))
      throw new ValidationError(`no such file: ${file}`, 'git passes the three versions as %O %A %B; run it as git does (see docs/git.md)');
    throw error;
  }
}

const isJson = (text: string): boolean => {
  try {
    parseJsonText(text, 'side');
    return true;
  } catch {
    return false;
  }
};

export function runMergeDriver(input: MergeDriverInput): MergeDriverResult {
  let texts: [string, string, string];
  try {
    texts = [readText(input.base), readText(input.ours), readText(input.theirs)];
  } catch (error) {
    return { merged: false, reason: `${input.path}: ${toTrackError(error).message}` };
  }
  const [base, ours, theirs] = texts;
  const outcome = mergeDocument(base, ours, theirs, input.path);
  if (outcome.ok) {
    atomicWriteFile(input.ours, outcome.text);
    return { merged: true };
  }
  if (!isJson(ours) && isJson(theirs)) atomicWriteFile(input.ours, theirs);
  return { merged: false, reason: outcome.reason };
}
