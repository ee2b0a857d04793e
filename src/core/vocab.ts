export const TRACK_TYPES = [
  'onboarding',
  'feature',
  'bugfix',
  'refactor',
  'migration',
  'testing',
  'documentation',
  'security',
  'performance',
  'maintenance',
  'learning',
  'exploration',
  'custom',
] as const;
export type TrackType = (typeof TRACK_TYPES)[number];

export const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const STATUSES = ['draft', 'ready', 'active', 'paused', 'completed', 'failed', 'cancelled', 'archived'] as const;
export type TrackStatus = (typeof STATUSES)[number];

/** Statuses of tracks still in play; the rest are closed and live in the closed registry segment. */
export const OPEN_STATUSES: readonly TrackStatus[] = ['draft', 'ready', 'active', 'paused'];

export const STEP_TYPES = [
  'setup',
  'research',
  'design',
  'implementation',
  'testing',
  'review',
  'documentation',
  'deployment',
  'validation',
  'cleanup',
  'custom',
] as const;
export type StepType = (typeof STEP_TYPES)[number];

export const STEP_STATUSES = ['pending', 'in-progress', 'completed', 'failed', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const ACTION_TYPES = [
  'run-command',
  'run-workflow',
  'spawn-agent',
  'manual',
  'review',
  'edit-file',
  'create-file',
  'wait-for-input',
  'approval',
  'conditional-branch',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Actions an agent or a person performs; `next` hands these out instead of executing them. */
export const AGENT_ACTIONS: readonly ActionType[] = ['spawn-agent', 'manual', 'review', 'edit-file', 'create-file', 'wait-for-input', 'approval'];

export const BACKOFFS = ['none', 'linear', 'exponential'] as const;
export type Backoff = (typeof BACKOFFS)[number];
export const CHECKPOINT_FREQUENCIES = ['per-step', 'manual', 'none'] as const;
