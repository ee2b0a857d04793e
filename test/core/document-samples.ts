/** Valid documents of every schema with a compiled parser, using every field the schemas know. */
import { deriveProgress } from '../../src/core/progress.js';
import { emptyRegistry, emptySegment, segmentPut, summarize } from '../../src/core/registry-index.js';
import type { Step, Track } from '../../src/core/schema.js';
import { newTrack } from '../../src/core/track-factory.js';

const at = '2026-11-30T10:00:00.000Z';
const later = '2026-11-30T11:30:00+01:00';
const sha = 'ab'.repeat(32);

/** A plan using every field a step can have. */
const steps: Step[] = [
  {
    step_id: 'design',
    name: 'Design',
    description: 'Sketch the flow',
    type: 'design',
    status: 'completed',
    order: 0,
    action: { type: 'manual', instructions: 'Draw it.' },
    depends_on: [],
    success_criteria: ['a diagram'],
    outputs: { doc: 'docs/flow.md' },
    started_at: at,
    completed_at: later,
    notes: 'done \u{1F600}',
  },
  {
    step_id: 'build',
    name: 'Build',
    type: 'implementation',
    status: 'in-progress',
    order: 1,
    action: { type: 'run-command', command: 'npm test', path: 'src' },
    depends_on: ['design'],
    timing: { timeout_minutes: 5, estimated_minutes: 2.5 },
    retry: { max_attempts: 3, backoff: 'exponential', delay_seconds: 1 },
    claim: { holder: 'agent-1', claimed_at: at },
    attempts: 1,
    last_run_id: 'run-001',
  },
  {
    step_id: 'ship',
    name: 'Ship',
    type: 'deployment',
    status: 'pending',
    order: 2,
    action: {
      type: 'run-workflow',
      workflow: 'release',
      inputs: [
        { name: 'version', value: '1.0' },
        { name: 'doc', from_step: 'design', output: 'doc' },
      ],
      tasks: [
        { name: 'tag', command: 'git tag v1' },
        { name: 'notes', agent: 'writer', instructions: 'Write the notes' },
      ],
    },
    depends_on: ['build'],
  },
  {
    step_id: 'gate',
    name: 'Gate',
    type: 'review',
    status: 'pending',
    order: 3,
    action: { type: 'approval', approvers: ['lead'] },
    depends_on: [],
    approved_by: 'lead',
  },
  {
    step_id: 'route',
    name: 'Route',
    type: 'validation',
    status: 'skipped',
    order: 4,
    action: {
      type: 'conditional-branch',
      branches: [
        { when: 'outputs.doc', goto: 'ship', label: 'yes' },
        { when: 'true', skip: ['gate'] },
      ],
    },
    depends_on: [],
  },
  { step_id: 'spawn', name: 'Spawn', type: 'research', status: 'failed', order: 5, action: { type: 'spawn-agent', agent: 'researcher' }, depends_on: [] },
];

const track: Track = {
  ...newTrack(
    {
      track_id: 'track-auth-001',
      name: 'Auth \u{1F510}',
      type: 'feature',
      priority: 'P1',
      goal: 'Add login',
      description: 'OAuth 2.0',
      success_criteria: ['users log in'],
      tags: ['auth'],
      parent_track_id: 'track-base-001',
      context: { target_files: ['src/auth.ts'], target_directories: ['src'], prerequisites: ['track-base-001'], blocks: [], related_tracks: ['track-ui-002'] },
      steps,
    },
    at,
  ),
  status: 'active',
  execution: { checkpoint_frequency: 'manual', pause_on_failure: true, auto_advance: true },
  progress: deriveProgress(steps),
  status_history: [
    { from: null, to: 'draft', at, reason: 'created' },
    { from: 'draft', to: 'active', at: later },
  ],
};

const registry = emptyRegistry(at);
segmentPut(registry, summarize(track));
segmentPut(registry, {
  ...summarize(newTrack({ track_id: 'track-ui-002', name: 'UI', type: 'bugfix', priority: 'P0', goal: 'g' }, at)),
  blocks: ['track-auth-001'],
});
const closed = emptySegment('closed', at);
segmentPut(closed, { ...summarize(newTrack({ track_id: 'track-old-003', name: 'Old', type: 'custom', priority: 'P3', goal: 'g' }, at)), status: 'archived' });

const smallTrack = newTrack({ track_id: 'track-a', name: 'A', type: 'custom', priority: 'P2', goal: 'g' }, at);
const provenance = { from_track: 'track-ui-002', item_id: 'dec-004', shared_at: at };
const artifact = { name: 'report.pdf', sha256: sha, size: 10, source: 'build', added_at: at, provenance };

export const SAMPLES: Record<string, unknown[]> = {
  headSchema: [
    { format: 'track-head/1', generation: 3, active_track_id: 'track-auth-001' },
    { format: 'track-head/1', generation: 0, active_track_id: null },
  ],
  trackSchema: [track, smallTrack],
  registrySchema: [{ ...registry, active_track_id: 'track-auth-001' }, emptyRegistry(at)],
  registrySegmentSchema: [closed, emptySegment('closed', at)],
  checkpointSchema: [
    {
      format: 'track-checkpoint/1',
      checkpoint_id: 'checkpoint-001',
      track_id: smallTrack.track_id,
      kind: 'switch',
      reason: 'switching',
      created_at: at,
      track: smallTrack,
      context_files: { 'decisions.json': '{}' },
      context_objects: { 'assumptions.json': { sha256: sha, size: 2 } },
      artifacts: [artifact],
      runs: { 'run-001': '{}' },
      git: { head: 'f'.repeat(40), branch: 'main', dirty: ['src/a.ts'], dirty_truncated: false },
      run_id: 'run-001',
      checksum: `sha256:${sha}`,
    },
    {
      format: 'track-checkpoint/1',
      checkpoint_id: 'checkpoint-1000',
      track_id: smallTrack.track_id,
      kind: 'manual',
      created_at: at,
      track: smallTrack,
      context_files: {},
      git: null,
      checksum: `sha256:${sha}`,
    },
  ],
  decisionsDocSchema: [
    {
      format: 'track-decisions/1',
      items: [
        {
          id: 'dec-001',
          title: 'Use OAuth',
          rationale: 'standard',
          alternatives: ['SAML'],
          status: 'superseded',
          superseded_by: 'dec-002',
          created_at: at,
          provenance,
        },
        { id: 'dec-002', title: 'Use OIDC', alternatives: [], status: 'active', supersedes: 'dec-001', created_at: later },
      ],
    },
  ],
  assumptionsDocSchema: [
    {
      format: 'track-assumptions/1',
      items: [
        { id: 'asm-001', text: 'IdP is up', status: 'validated', evidence: 'pinged', created_at: at, resolved_at: later },
        { id: 'asm-002', text: 'Users have email', status: 'open', created_at: at, provenance },
      ],
    },
  ],
  learningsDocSchema: [{ format: 'track-learnings/1', items: [{ id: 'lrn-001', text: 'Tokens expire', created_at: at }] }],
  artifactsDocSchema: [{ format: 'track-artifacts/1', items: [artifact, { name: 'b.txt', sha256: sha, size: 0, added_at: at }] }],
  runSchema: [
    {
      format: 'track-run/1',
      run_id: 'run-001',
      track_id: track.track_id,
      workflow_id: 'release',
      selected_workflow: 'release',
      step_id: 'ship',
      action_type: 'run-workflow',
      command: 'npm test',
      status: 'failed',
      started_at: at,
      ended_at: later,
      owner: { pid: 123, host: 'box', boot_id: null, start_time: '99' },
      attempts: [{ attempt: 1, task: 'tag', started_at: at, ended_at: at, exit_code: 1, signal: 'SIGTERM', timed_out: false, duration_ms: 12.5 }],
      tasks: [
        { index: 0, name: 'tag', kind: 'command', status: 'failed', exit_code: 1 },
        { index: 1, name: 'notes', kind: 'agent', status: 'handed-off', holder: 'writer', agent: 'writer', instructions: 'Write' },
      ],
      next_task: 1,
      outputs: { k: 'v' },
      branch: { index: 0, when: 'true', label: 'yes' },
      error: 'boom',
      stopped_command: { pid: 5, start_time: null, signal: 'SIGTERM', at },
      logs: ['stdout.log'],
    },
    {
      format: 'track-run/1',
      run_id: 'run-002',
      track_id: 'track-a',
      workflow_id: 'track-a',
      status: 'created',
      started_at: at,
      attempts: [],
      outputs: {},
      logs: [],
    },
  ],
};
