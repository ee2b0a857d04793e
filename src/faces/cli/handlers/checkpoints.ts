import { createCheckpoint, listCheckpoints, restoreCheckpoint, verifyCheckpoints } from '../../../features/checkpoints/checkpoints.js';
import { requireVerified } from '../../checkpoint-verdict.js';
import { flag, type Invocation, str } from '../command.js';
import type { Output } from '../output.js';
import { dim, green } from '../output.js';
import { statusText } from '../render.js';
import { openStore } from './open-store.js';

const target = (inv: Invocation) => ({ track_id: str(inv, 'track-id') });

export async function checkpointCmd(inv: Invocation): Promise<Output> {
  const c = await createCheckpoint(openStore(inv.global), { ...target(inv), reason: str(inv, 'reason') });
  const git = c.git
    ? `, git ${c.git.branch ?? 'detached'}@${c.git.head?.slice(0, 8) ?? 'none'}${c.git.dirty.length ? ` +${c.git.dirty.length} dirty` : ''}`
    : '';
  return {
    json: c,
    human: [`${c.checkpoint_id} of ${c.track_id} (${c.artifacts?.length ?? 0} artifacts, ${Object.keys(c.runs ?? {}).length} runs${git})`, dim(c.checksum)],
  };
}

export async function listCmd(inv: Invocation): Promise<Output> {
  const r = await listCheckpoints(openStore(inv.global), target(inv));
  const human = r.checkpoints.length
    ? r.checkpoints.map((c) => `${c.checkpoint_id}  ${c.created_at}  ${c.kind.padEnd(11)} ${c.reason ?? ''}`.trimEnd())
    : [dim(`no checkpoints for ${r.track_id}`)];
  return { json: r, human };
}

export async function verifyCmd(inv: Invocation): Promise<Output> {
  const r = requireVerified(await verifyCheckpoints(openStore(inv.global), { ...target(inv), checkpoint_id: inv.positionals[0], all: flag(inv, 'all') }));
  const human = r.results.length ? r.results.map((x) => `${x.checkpoint_id}  ${green('ok')}`) : [dim(`no checkpoints for ${r.track_id}`)];
  return { json: { ok: true, ...r }, human };
}

export async function restoreCmd(inv: Invocation): Promise<Output> {
  const r = await restoreCheckpoint(openStore(inv.global), { ...target(inv), checkpoint_id: str(inv, 'checkpoint') ?? '' });
  return {
    json: r,
    human: [
      `restored ${r.track.track_id} (${statusText(r.track.status)}) from ${r.restored_from}`,
      dim(`undo with: track restore --track-id ${r.track.track_id} --checkpoint ${r.safety_checkpoint.checkpoint_id}`),
    ],
  };
}
