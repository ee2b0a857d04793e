import { dirname, join } from 'node:path';
import { canonicalJson } from '../../core/canonical.js';
import { CorruptStoreError } from '../../core/errors.js';
import { randomUUID, sha256Hex } from '../../core/hash.js';
import { decodeUtf8, parseJsonText } from '../../core/json.js';
import { atomicWriteFile, ensureDir, fsyncDir, unlinkQuietly } from './atomic-write.js';
import { io, isErrno } from './fs-seam.js';
import { safeJoin } from './paths.js';
import { readFileBytes } from './safe-json.js';

export const JOURNAL_FILE = '.track.journal.json';

/** A write carries text, or bytes that are not valid UTF-8 as base64 (`encoding: 'base64'`). */
export type JournalOp = { op: 'write'; path: string; data: string; encoding?: 'base64' } | { op: 'delete'; path: string };

/** What a staged or journaled path holds: text, bytes that are not text, or null for a delete. */
export type PendingContent = string | Uint8Array | null;

export function toJournalOp(path: string, content: PendingContent): JournalOp {
  if (content === null) return { op: 'delete', path };
  if (typeof content === 'string') return { op: 'write', path, data: content };
  return { op: 'write', path, data: Buffer.from(content).toString('base64'), encoding: 'base64' };
}

const contentOf = (op: JournalOp & { op: 'write' }): string | Buffer => (op.encoding === 'base64' ? Buffer.from(op.data, 'base64') : op.data);

export interface Journal {
  format: 'track-journal/1';
  txid: string;
  created_at: string;
  ops: JournalOp[];
  checksum: string;
}

const digest = (ops: JournalOp[]): string => sha256Hex(canonicalJson(ops));

/** Paths in a journal are relative to the root and made of plain names only. */
function resolveOpPath(root: string, relative: string): string {
  return safeJoin(root, ...relative.split('/'));
}

export function writeJournal(root: string, ops: JournalOp[], at: string): Journal {
  const journal: Journal = { format: 'track-journal/1', txid: randomUUID(), created_at: at, ops, checksum: digest(ops) };
  atomicWriteFile(join(root, JOURNAL_FILE), JSON.stringify(journal));
  return journal;
}

/** Applies every op; each is idempotent, so a journal can be applied again after a crash. */
export function applyOps(root: string, ops: JournalOp[]): void {
  const touchedDirs = new Set<string>();
  for (const op of ops) {
    const path = resolveOpPath(root, op.path);
    if (op.op === 'write') {
      ensureDir(dirname(path), root);
      atomicWriteFile(path, contentOf(op), { syncDir: false });
    } else {
      try {
        io.unlinkSync(path);
      } catch (error) {
        if (!isErrno(error, 'ENOENT')) throw error;
      }
    }
    touchedDirs.add(dirname(path));
  }
  for (const dir of touchedDirs) fsyncDir(dir);
}

export function readJournal(root: string): Journal | null {
  const path = join(root, JOURNAL_FILE);
  let bytes: Buffer;
  try {
    bytes = readFileBytes(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
  const value = parseJsonText(decodeUtf8(bytes, path), path) as Journal;
  if (value?.format !== 'track-journal/1' || !Array.isArray(value.ops) || value.checksum !== digest(value.ops)) {
    throw new CorruptStoreError(path, 'the transaction journal is damaged');
  }
  return value;
}

/** Completes a transaction a crashed writer left behind. Called only while holding the lock. */
export function rollForward(root: string): boolean {
  const journal = readJournal(root);
  if (!journal) return false;
  applyOps(root, journal.ops);
  removeJournal(root);
  return true;
}

/** Removes a journal whose transaction was reported as failed, best effort. */
export function discardJournal(root: string): void {
  unlinkQuietly(join(root, JOURNAL_FILE));
}

export function removeJournal(root: string): void {
  unlinkQuietly(join(root, JOURNAL_FILE));
  fsyncDir(root);
}

/** The committed-but-maybe-unapplied contents a reader must see instead of the files on disk. */
export function journalOverlay(root: string): Map<string, PendingContent> | null {
  let journal: Journal | null;
  try {
    journal = readJournal(root);
  } catch {
    return null;
  }
  if (!journal) return null;
  const overlay = new Map<string, PendingContent>();
  for (const op of journal.ops) overlay.set(op.path, op.op === 'write' ? contentOf(op) : null);
  return overlay;
}

export { ensureDir };
