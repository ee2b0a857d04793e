import type { CommandSpec, OptionSpec } from '../command.js';
import { contextCommand } from './reads.js';

const trackId: Record<string, OptionSpec> = {
  'track-id': { type: 'string', value: 'ID', description: 'the track (default: the active track)' },
};

const items = () => import('../handlers/context-items.js');
const checkpoints = () => import('../handlers/checkpoints.js');

/** Track-scoped context (decisions, assumptions, learnings, artifacts), the bridge, checkpoints and the primer. */
export function contextCommands(): CommandSpec[] {
  return [
    {
      name: 'decide',
      summary: 'record a decision in the track',
      details: 'Example: track decide "Use PKCE" --rationale "public client" --alternatives "implicit flow" --supersedes dec-001',
      positionals: ['title'],
      options: {
        ...trackId,
        rationale: { type: 'string', value: 'TEXT', description: 'why' },
        alternatives: { type: 'string', multiple: true, value: 'TEXT', description: 'an alternative considered and rejected (repeatable)' },
        supersedes: { type: 'string', value: 'DEC-ID', description: 'the earlier decision this one replaces' },
      },
      run: async (inv) => (await items()).decideCmd(inv),
    },
    {
      name: 'decisions',
      summary: 'list the decisions of a track',
      options: { ...trackId, all: { type: 'boolean', description: 'include superseded decisions' } },
      run: async (inv) => (await items()).decisionsCmd(inv),
    },
    {
      name: 'assume',
      summary: 'record an assumption, or close one with --validate / --invalidate',
      details: 'Examples:\n  track assume "the API rate limit is 100/s"\n  track assume --validate asm-001 --evidence "load test run 42"',
      positionals: ['text'],
      options: {
        ...trackId,
        validate: { type: 'string', value: 'ASM-ID', description: 'mark this assumption validated' },
        invalidate: { type: 'string', value: 'ASM-ID', description: 'mark this assumption invalidated' },
        evidence: { type: 'string', value: 'TEXT', description: 'what proved it (with --validate / --invalidate)' },
      },
      run: async (inv) => (await items()).assumeCmd(inv),
    },
    {
      name: 'assumptions',
      summary: 'list the assumptions of a track',
      options: { ...trackId, open: { type: 'boolean', description: 'only open assumptions' } },
      run: async (inv) => (await items()).assumptionsCmd(inv),
    },
    {
      name: 'learn',
      summary: 'record a learning in the track',
      positionals: ['text'],
      options: { ...trackId },
      run: async (inv) => (await items()).learnCmd(inv),
    },
    {
      name: 'learnings',
      summary: 'list the learnings of a track',
      options: { ...trackId },
      run: async (inv) => (await items()).learningsCmd(inv),
    },
    {
      name: 'artifact add',
      summary: 'copy a project file into the track (stored once, by sha256)',
      positionals: ['file'],
      options: { ...trackId, name: { type: 'string', value: 'NAME', description: 'name inside the track (default: the file name)' } },
      run: async (inv) => (await items()).artifactAdd(inv),
    },
    {
      name: 'artifact list',
      summary: 'list the artifacts of a track',
      options: { ...trackId },
      run: async (inv) => (await items()).artifactList(inv),
    },
    {
      name: 'artifact show',
      summary: 'show one artifact (size, sha256, source)',
      positionals: ['name'],
      options: { ...trackId },
      run: async (inv) => (await items()).artifactShow(inv),
    },
    {
      name: 'artifact get',
      summary: "print an artifact's bytes (verified), or write them to --output",
      positionals: ['name'],
      options: { ...trackId, output: { type: 'string', value: 'FILE', description: 'write to this new file instead of stdout' } },
      run: async (inv) => (await items()).artifactGet(inv),
    },
    contextCommand,
    {
      name: 'context share',
      summary: 'copy one decision, assumption or artifact to another track, with provenance',
      options: {
        from: { type: 'string', value: 'ID', description: 'source track' },
        to: { type: 'string', value: 'ID', description: 'target track' },
        decision: { type: 'string', value: 'DEC-ID', description: 'the decision to copy' },
        assumption: { type: 'string', value: 'ASM-ID', description: 'the assumption to copy' },
        artifact: { type: 'string', value: 'NAME', description: 'the artifact to copy' },
      },
      run: async (inv) => (await items()).shareCmd(inv),
    },
    {
      name: 'checkpoint',
      summary: 'write a checkpoint: track, context, artifact manifest, runs, git state',
      options: { ...trackId, reason: { type: 'string', value: 'TEXT', description: 'why' } },
      run: async (inv) => (await checkpoints()).checkpointCmd(inv),
    },
    {
      name: 'checkpoint verify',
      summary: 'verify checkpoint checksums and every object they reference (default: the latest)',
      positionals: ['checkpoint-id'],
      options: { ...trackId, all: { type: 'boolean', description: 'verify every checkpoint of the track' } },
      run: async (inv) => (await checkpoints()).verifyCmd(inv),
    },
    {
      name: 'checkpoints',
      summary: 'list the checkpoints of a track',
      options: { ...trackId },
      run: async (inv) => (await checkpoints()).listCmd(inv),
    },
    {
      name: 'restore',
      summary: 'restore the track state and context from a verified checkpoint (undoable)',
      details: 'Writes a pre-restore checkpoint of the current state first; restore that one to undo.',
      options: {
        ...trackId,
        checkpoint: {
          type: 'string',
          value: 'ID',
          description: 'the checkpoint to restore (checkpoint-NNN)',
          required: "run 'track checkpoints' to list them, then 'track restore --checkpoint checkpoint-NNN'",
        },
      },
      run: async (inv) => (await checkpoints()).restoreCmd(inv),
    },
  ];
}
