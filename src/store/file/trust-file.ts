/**
 * The clone-local trust file (`<root>/trust.json`, never committed): the commands this clone wrote
 * or approved. Only a git-shared store (its root inside a git work tree) keeps and checks it:
 * outside git no command can arrive through a pull or merge.
 */
import { join } from 'node:path';
import { TrackError } from '../../core/errors.js';
import { decodeUtf8, parseJsonText } from '../../core/json.js';
import { type CommandRef, checkTrustFile, emptyTrust, type TrustFile, trackCommands, withTrusted, writtenCommands } from '../../core/trust.js';
import { inGitCheckout } from '../git-worktree.js';
import type { DocumentReader } from './documents.js';
import type { PendingContent } from './journal.js';
import { TRUST_FILE } from './layout.js';
import { DiskSource, type DocumentSource } from './source.js';

/** The trust file as `source` holds it; an empty one when there is none. A damaged file is an error, never "trust everything". */
export function readTrust(source: Pick<DocumentSource, 'readText' | 'absolute'>): TrustFile {
  const text = source.readText(TRUST_FILE);
  if (text === null) return emptyTrust();
  const path = source.absolute(TRUST_FILE);
  let problem: string;
  try {
    const checked = checkTrustFile(parseJsonText(text, path));
    if (typeof checked !== 'string') return checked;
    problem = checked;
  } catch (error) {
    problem = error instanceof TrackError ? error.message.replace(`${path}: `, '') : String(error);
  }
  throw new TrackError(
    'CORRUPT_STORE',
    `${path}: ${problem}; this clone's record of approved commands cannot be read`,
    `move it aside (mv '${path}' '${path}.bad'), then approve again what 'track next' refuses with 'track trust <track-id>'`,
    { file: path },
  );
}

/** The trust file as a reader (or a transaction, with what it staged) sees it. */
export const trustSource = (reader: DocumentReader): Pick<DocumentSource, 'readText' | 'absolute'> => ({
  readText: (relative) => reader.readRaw(relative),
  absolute: (relative) => join(reader.root, relative),
});

export const trustText = (trust: TrustFile): string => `${JSON.stringify(trust, null, 2)}\n`;

const TRACK_FILE = /^([^/]+)\/track\.json$/;

function documentOf(content: PendingContent, label: string): unknown {
  if (content === null) return undefined;
  const text = typeof content === 'string' ? content : decodeUtf8(content, label);
  return parseJsonText(text, label);
}

/**
 * The commands of every checkpoint of the track already on disk: a restore or resume brings a
 * checkpoint's commands back into the document, and a checkpoint may have arrived through git too,
 * so what one holds keeps the trust it had, as a command already in the document does.
 */
function checkpointedCommands(disk: DiskSource, trackId: string): Set<string> {
  const hashes = new Set<string>();
  for (const name of disk.list(`${trackId}/checkpoints`)) {
    if (!name.endsWith('.json')) continue;
    try {
      const checkpoint = parseJsonText(disk.readText(`${trackId}/checkpoints/${name}`) ?? 'null', name);
      const track = typeof checkpoint === 'object' && checkpoint !== null ? (checkpoint as { track?: unknown }).track : undefined;
      for (const c of trackCommands(track)) hashes.add(c.sha256);
    } catch {
      // An unreadable checkpoint cannot be restored either; doctor reports it.
    }
  }
  return hashes;
}

/**
 * The rule every write passes (called by the transaction's commit): a command that a staged track
 * document adds or changes, compared with the document on disk before, was written here and is
 * trusted; the trust file is staged with it, so it commits (journaled) with the transaction.
 * A document on disk that cannot be read proves nothing: its replacement's commands stay untrusted.
 */
export function stageWrittenCommands(root: string, staged: Map<string, PendingContent>, at: string): void {
  const documents = [...staged].filter(([path, content]) => content !== null && TRACK_FILE.test(path));
  // Outside git nothing is checked: not a byte more is read or written than before trust existed.
  if (!documents.length || !inGitCheckout(root)) return;
  const disk = new DiskSource(root);
  const written: CommandRef[] = [];
  for (const [path, content] of documents) {
    let before: unknown;
    try {
      const text = disk.readText(path);
      before = text === null ? undefined : parseJsonText(text, path);
    } catch {
      continue;
    }
    const added = writtenCommands(before, documentOf(content, path));
    if (!added.length) continue;
    const checkpointed = checkpointedCommands(disk, path.slice(0, -'/track.json'.length));
    written.push(...added.filter((c) => !checkpointed.has(c.sha256)));
  }
  if (!written.length) return;
  const current = readTrust(new DiskSource(root, staged));
  const next = withTrusted(current, written, 'written', at);
  if (next !== current) staged.set(TRUST_FILE, trustText(next));
}
