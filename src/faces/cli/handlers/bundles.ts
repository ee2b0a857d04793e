import { ValidationError } from '../../../core/errors.js';
import { commandLine } from '../../../core/face-commands.js';
import { exportTrack, writeBundleFile } from '../../../features/bundles/export.js';
import { importTrack, readBundleFile } from '../../../features/bundles/import.js';
import { flag, type Invocation, str, trackIdArg } from '../command.js';
import type { Output } from '../output.js';
import { openStore } from './open-store.js';
import { startCommand } from './start-command.js';

export async function exportBundle(inv: Invocation): Promise<Output> {
  const store = openStore(inv.global);
  const bundle = await exportTrack(store, { track_id: trackIdArg(inv) });
  const out = str(inv, 'out');
  if (!out) return { json: bundle, human: JSON.stringify(bundle) };
  const path = writeBundleFile(store, bundle, out);
  const summary = { track_id: bundle.track_id, file: path, files: bundle.files.length, manifest_sha256: bundle.manifest_sha256 };
  return { json: summary, human: [`exported ${bundle.track_id} (${bundle.files.length} files) to ${path}`, `manifest sha256 ${bundle.manifest_sha256}`] };
}

export async function importBundle(inv: Invocation): Promise<Output> {
  const file = inv.positionals[0];
  if (!file) throw new ValidationError('import needs a bundle file', 'track import track.bundle.json [--rename]');
  const store = openStore(inv.global);
  const result = await importTrack(store, { bundle: readBundleFile(file), rename: flag(inv, 'rename'), id: str(inv, 'id'), source: file });
  const renamed = result.track.track_id !== result.original_track_id ? ` (renamed from ${result.original_track_id})` : '';
  return {
    json: result,
    human: [
      `imported ${result.track.track_id}${renamed} as draft: ${result.files} files verified`,
      ...(result.hint ? [`note: ${result.hint}`] : []),
      `next: review it with '${commandLine('show', { track_id: result.track.track_id })}', then '${startCommand(result.track.track_id, result.active_track_id)}'`,
    ],
  };
}
