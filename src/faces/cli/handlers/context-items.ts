import { writeFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ConflictError, ValidationError } from '../../../core/errors.js';
import { hint, run } from '../../../core/hint.js';
import type { ArtifactEntry } from '../../../core/schema.js';
import { addArtifact, getArtifact, listArtifacts, showArtifact } from '../../../features/notes/artifacts.js';
import { assume, decide, learn, listAssumptions, listDecisions, listLearnings, resolveAssumption } from '../../../features/notes/notes.js';
import { shareContext } from '../../../features/notes/share.js';
import { flag, type Invocation, str, strs } from '../command.js';
import type { Output } from '../output.js';
import { dim } from '../output.js';
import { writeFd } from '../terminal.js';
import { openStore } from './open-store.js';

const target = (inv: Invocation) => ({ track_id: str(inv, 'track-id') });

/** An input error names the field as the option the user typed (`invalid id …` of `--validate asm-1` → `invalid --validate …`). */
async function asTyped<T>(run: Promise<T>, options: Record<string, string>): Promise<T> {
  try {
    return await run;
  } catch (error) {
    const field = error instanceof ValidationError ? error.details?.field : undefined;
    if (!(error instanceof ValidationError) || typeof field !== 'string' || !Object.hasOwn(options, field)) throw error;
    throw new ValidationError(error.message.replace(`invalid ${field} `, `invalid ${options[field]} `), error.hint, error.details);
  }
}

function text(inv: Invocation, what: string, example: string): string {
  const value = inv.positionals[0];
  if (!value) throw new ValidationError(`${what} needs a text`, example);
  return value;
}

export async function decideCmd(inv: Invocation): Promise<Output> {
  const title = text(inv, 'decide', 'track decide "Use PKCE" --rationale "public client"');
  const alternatives = strs(inv, 'alternatives');
  const d = await asTyped(
    decide(openStore(inv.global), {
      ...target(inv),
      title,
      rationale: str(inv, 'rationale'),
      alternatives: alternatives.length ? alternatives : undefined,
      supersedes: str(inv, 'supersedes'),
    }),
    { supersedes: '--supersedes' },
  );
  return { json: d, human: [`recorded ${d.id}: ${d.title}${d.supersedes ? dim(` (supersedes ${d.supersedes})`) : ''}`] };
}

export async function decisionsCmd(inv: Invocation): Promise<Output> {
  const { track_id, items } = await listDecisions(openStore(inv.global), target(inv));
  const shown = flag(inv, 'all') ? items : items.filter((d) => d.status === 'active');
  const human = shown.length
    ? shown.map((d) => {
        const tail = [
          d.rationale ? `because ${d.rationale}` : '',
          d.superseded_by ? `superseded by ${d.superseded_by}` : '',
          d.provenance ? `from ${d.provenance.from_track}` : '',
        ]
          .filter(Boolean)
          .join('; ');
        return `${d.id}  ${d.title}${tail ? dim(` — ${tail}`) : ''}`;
      })
    : [dim('no decisions')];
  return { json: { track_id, decisions: shown }, human };
}

export async function assumeCmd(inv: Invocation): Promise<Output> {
  const validate = str(inv, 'validate');
  const invalidate = str(inv, 'invalidate');
  if (validate && invalidate) throw new ValidationError('pass --validate or --invalidate, not both', 'track assume --validate asm-001 --evidence "…"');
  const id = validate ?? invalidate;
  const store = openStore(inv.global);
  if (id) {
    const a = await asTyped(resolveAssumption(store, { ...target(inv), id, outcome: validate ? 'validated' : 'invalidated', evidence: str(inv, 'evidence') }), {
      id: validate ? '--validate' : '--invalidate',
    });
    return { json: a, human: [`${a.id} ${a.status}${a.evidence ? dim(` — ${a.evidence}`) : ''}`] };
  }
  if (str(inv, 'evidence') !== undefined)
    throw new ValidationError('--evidence goes with --validate or --invalidate', 'track assume --validate asm-001 --evidence "…"');
  const a = await assume(store, { ...target(inv), text: text(inv, 'assume', 'track assume "the API allows 100 requests/s"') });
  return { json: a, human: [`recorded ${a.id}: ${a.text}`] };
}

export async function assumptionsCmd(inv: Invocation): Promise<Output> {
  const { track_id, items } = await listAssumptions(openStore(inv.global), target(inv));
  const shown = flag(inv, 'open') ? items.filter((a) => a.status === 'open') : items;
  const human = shown.length
    ? shown.map((a) => `${a.id}  ${a.status.padEnd(11)} ${a.text}${a.evidence ? dim(` — ${a.evidence}`) : ''}`)
    : [dim('no assumptions')];
  return { json: { track_id, assumptions: shown }, human };
}

export async function learnCmd(inv: Invocation): Promise<Output> {
  const l = await learn(openStore(inv.global), { ...target(inv), text: text(inv, 'learn', 'track learn "the cache must be warmed first"') });
  return { json: l, human: [`recorded ${l.id}`] };
}

export async function learningsCmd(inv: Invocation): Promise<Output> {
  const { track_id, items } = await listLearnings(openStore(inv.global), target(inv));
  return { json: { track_id, learnings: items }, human: items.length ? items.map((l) => `${l.id}  ${l.text}`) : [dim('no learnings')] };
}

const artifactLine = (a: ArtifactEntry) =>
  `${a.name.padEnd(30)} ${String(a.size).padStart(10)} B  ${a.sha256.slice(0, 12)}${a.provenance ? dim(` from ${a.provenance.from_track}`) : ''}`;

export async function artifactAdd(inv: Invocation): Promise<Output> {
  const file = inv.positionals[0];
  if (!file) throw new ValidationError('artifact add needs a file', 'track artifact add docs/design.md [--name design.md]');
  const store = openStore(inv.global);
  // Typed relative to the cwd; recorded (as over MCP) relative to the project, so no path of this machine enters the track.
  const inProject = relative(store.projectDir, resolve(file));
  const source = inProject === '..' || inProject.startsWith(`..${sep}`) || isAbsolute(inProject) ? resolve(file) : inProject;
  const r = await addArtifact(store, { ...target(inv), file: source, name: str(inv, 'name') });
  return {
    json: r,
    human: [`${r.replaced ? 'replaced' : 'added'} ${r.artifact.name} (${r.artifact.size} bytes, sha256 ${r.artifact.sha256.slice(0, 12)}) in ${r.track_id}`],
  };
}

export async function artifactList(inv: Invocation): Promise<Output> {
  const { track_id, items } = await listArtifacts(openStore(inv.global), target(inv));
  return { json: { track_id, artifacts: items }, human: items.length ? items.map(artifactLine) : [dim('no artifacts')] };
}

const nameArg = (inv: Invocation, command: string): string => {
  const name = inv.positionals[0];
  if (!name) throw new ValidationError(`artifact ${command} needs a name`, hint`${run('artifact_list')} to see the names`);
  return name;
};

export async function artifactShow(inv: Invocation): Promise<Output> {
  const a = await showArtifact(openStore(inv.global), { ...target(inv), name: nameArg(inv, 'show') });
  const human = [`${a.name} in ${a.track_id}`, `  size    ${a.size} bytes`, `  sha256  ${a.sha256}`, `  added   ${a.added_at}`];
  if (a.source) human.push(`  source  ${a.source}`);
  if (a.provenance) human.push(`  from    ${a.provenance.from_track} (${a.provenance.item_id}, ${a.provenance.shared_at})`);
  return { json: a, human };
}

export async function artifactGet(inv: Invocation): Promise<Output> {
  const { artifact, bytes } = await getArtifact(openStore(inv.global), { ...target(inv), name: nameArg(inv, 'get') });
  const output = str(inv, 'output');
  if (output) {
    try {
      writeFileSync(resolve(output), bytes, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new ConflictError(
          `'${output.slice(0, 200)}' already exists; artifact get never overwrites a file`,
          'pass a new --output path, or omit it to print to stdout',
        );
      }
      throw error;
    }
    return { json: { artifact, written_to: resolve(output) }, human: [`wrote ${artifact.name} (${artifact.size} bytes) to ${output}`] };
  }
  if (inv.global.json) return { json: { artifact, content_base64: bytes.toString('base64') }, human: [] };
  writeFd(1, bytes);
  return { json: null, human: [] };
}

export async function shareCmd(inv: Invocation): Promise<Output> {
  const from = str(inv, 'from');
  const to = str(inv, 'to');
  if (!from || !to) throw new ValidationError('context share needs --from and --to', 'track context share --from A --to B --decision dec-001');
  const r = await asTyped(
    shareContext(openStore(inv.global), {
      from,
      to,
      decision: str(inv, 'decision'),
      assumption: str(inv, 'assumption'),
      artifact: str(inv, 'artifact'),
    }),
    { decision: '--decision', assumption: '--assumption' },
  );
  const id = r.shared.kind === 'artifact' ? r.shared.item.name : r.shared.item.id;
  return { json: r, human: [`shared ${r.shared.kind} ${r.shared.item.provenance?.item_id} of ${from} to ${to} as ${id}`] };
}
