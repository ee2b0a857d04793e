import type { CommandSpec, OptionSpec } from '../command.js';
import { statusCommand } from './reads.js';

const trackId: Record<string, OptionSpec> = {
  'track-id': { type: 'string', value: 'ID', description: 'the track (default: the active track)' },
};
const stepId: Record<string, OptionSpec> = { 'step-id': { type: 'string', value: 'ID', description: 'the step' } };
const agent: Record<string, OptionSpec> = {
  agent: { type: 'string', value: 'NAME', description: 'who is acting (default: $TRACK_AGENT, else the OS user name)' },
};
const dryRun: Record<string, OptionSpec> = { 'dry-run': { type: 'boolean', description: 'show what would happen; write and execute nothing' } };

const stepFields: Record<string, OptionSpec> = {
  name: { type: 'string', value: 'TEXT', description: 'step name' },
  type: { type: 'string', value: 'TYPE', description: 'setup, research, design, implementation (default), testing, review, documentation, deployment, …' },
  'action-type': {
    type: 'string',
    value: 'TYPE',
    description: 'run-command, run-workflow, spawn-agent, manual, review, edit-file, create-file, wait-for-input, approval, conditional-branch',
  },
  command: { type: 'string', value: 'CMD', description: 'the command of a run-command step (run with /bin/sh -c in the project directory)' },
  workflow: { type: 'string', value: 'NAME', description: 'the workflow of a run-workflow step (.claude/conductor/workflows/NAME.yaml)' },
  agent: { type: 'string', value: 'NAME', description: 'the agent that should perform the step' },
  instructions: { type: 'string', value: 'TEXT', description: 'instructions handed to the agent' },
  path: { type: 'string', value: 'PATH', description: 'the file of an edit-file / create-file step' },
  description: { type: 'string', value: 'TEXT', description: 'longer description' },
  'depends-on': { type: 'string', multiple: true, value: 'ID', description: 'a step this one waits for (repeatable or comma-separated)' },
  'success-criteria': { type: 'string', multiple: true, value: 'TEXT', description: 'a success criterion (repeatable)' },
  approver: { type: 'string', multiple: true, value: 'NAME', description: 'who may approve an approval step (repeatable)' },
  'timeout-minutes': { type: 'string', value: 'N', description: 'stop a command after N minutes' },
  'max-attempts': { type: 'string', value: 'N', description: 'run a failing command up to N times' },
  backoff: { type: 'string', value: 'KIND', description: 'none, linear or exponential delay between attempts' },
  'delay-seconds': { type: 'string', value: 'N', description: 'base delay between attempts (default 1)' },
};

const steps = () => import('../handlers/steps.js');
const plan = () => import('../handlers/plan.js');

function closeCommand(
  name: 'complete' | 'fail' | 'skip' | 'approve' | 'release' | 'reset',
  summary: string,
  extra: Record<string, OptionSpec> = {},
): CommandSpec {
  return {
    name: `step ${name}`,
    summary,
    positionals: ['step-id'],
    options: { ...stepId, ...trackId, ...agent, notes: { type: 'string', value: 'TEXT', description: 'notes recorded on the step' }, ...extra },
    run: async (inv) => (await steps()).close(name)(inv),
  };
}

/** Plans and their execution: editing steps, `next` / `step`, closing handed-out steps, `status`. */
export function planCommands(): CommandSpec[] {
  return [
    statusCommand,
    {
      name: 'next',
      summary: 'run the next runnable step of the active track (commands run; agent steps are handed out)',
      details:
        'run-command / run-workflow / conditional-branch steps execute here (output streams to the terminal and\n  to workflows/run-NNN/{stdout,stderr}.log); agent steps are marked in progress, claimed by --agent and\n  their hand-off is printed. Exit code 12 when the step failed or was found interrupted; 15 when\n  its command arrived through git and is not approved in this clone (track trust).',
      options: { ...trackId, ...agent, ...dryRun },
      run: async (inv) => (await steps()).next(inv),
    },
    {
      name: 'step',
      summary: 'run a chosen step if it is runnable (otherwise names the steps blocking it)',
      positionals: ['step-id'],
      options: { ...stepId, ...trackId, ...agent, ...dryRun },
      run: async (inv) => (await steps()).step(inv),
    },
    {
      name: 'trust',
      summary: 'approve the commands that arrived through git (a pull, merge or clone) so that next runs them',
      details: `In a tracks root inside a git work tree, next runs a command (a step's, or a workflow task's) only
  when this clone wrote it or approved it: a command added or changed by this clone's own commands
  is approved as it is written; one that arrived through git is refused (exit 15) until approved
  here. Lists each unapproved command of the track (default: the active one; --all: every open
  track), with its step, and approves them; --dry-run only lists. Approval is by the exact text
  (its sha256), kept in <root>/trust.json (this clone's, never committed). Read each command first.
  Outside git every command runs as written and this command has nothing to do.`,
      positionals: ['track-id'],
      options: {
        ...trackId,
        step: { type: 'string', value: 'ID', description: "only this step's commands" },
        all: { type: 'boolean', description: 'every open track' },
        ...dryRun,
      },
      run: async (inv) => (await import('../handlers/trust.js')).trust(inv),
    },
    closeCommand('complete', 'complete a handed-out step', {
      output: { type: 'string', multiple: true, value: 'NAME=VALUE', description: 'an output of the step (repeatable)' },
    }),
    closeCommand('fail', 'mark a handed-out step failed (the track stays active; see execution.pause_on_failure / fail_track_on_failure)'),
    closeCommand('skip', 'skip a step (its dependents may run)'),
    closeCommand('approve', 'approve an approval step (as --agent; must be one of its approvers, if any)', {
      output: { type: 'string', multiple: true, value: 'NAME=VALUE', description: 'an output of the step (repeatable)' },
    }),
    closeCommand('release', 'give a handed-out step back (pending again, for any agent)'),
    closeCommand('reset', 'make a failed, skipped or handed-out step pending again (attempts reset)'),
    {
      name: 'step add',
      summary: 'add a step to the plan',
      details: 'Example: track step add --name "Run tests" --type testing --action-type run-command --command "npm test" --depends-on step-001',
      options: { ...trackId, 'step-id': { type: 'string', value: 'ID', description: 'the new step id (default: step-NNN)' }, ...stepFields },
      run: async (inv) => (await plan()).add(inv),
    },
    {
      name: 'step edit',
      summary: 'change fields of a step (only the options given)',
      positionals: ['step-id'],
      options: { ...stepId, ...trackId, ...stepFields },
      run: async (inv) => (await plan()).edit(inv),
    },
    {
      name: 'step remove',
      summary: 'remove a step (refused while other steps depend on it)',
      positionals: ['step-id'],
      options: { ...stepId, ...trackId },
      run: async (inv) => (await plan()).remove(inv),
    },
    {
      name: 'step move',
      summary: 'move a step to a position in the order (1 = first)',
      positionals: ['step-id'],
      options: { ...stepId, ...trackId, position: { type: 'string', value: 'N', description: 'the new 1-based position' } },
      run: async (inv) => (await plan()).move(inv),
    },
    {
      name: 'plan set',
      summary: 'replace the plan with a YAML or JSON plan file',
      details:
        'A plan file: { steps: [{ step_id?, name, type, action: { type, command?, workflow?, tasks?, … }, depends_on?, retry?, timing? }],\n  workflows?: { NAME: { tasks: [{ name, command } | { name, agent?, instructions }] } },\n  execution?: { checkpoint_frequency?, pause_on_failure?, auto_advance?, fail_track_on_failure? } }',
      positionals: ['file'],
      options: { ...trackId, file: { type: 'string', value: 'FILE', description: 'the plan file (.yaml, .yml or .json)' } },
      run: async (inv) => (await plan()).set(inv),
    },
    {
      name: 'plan show',
      summary: 'print the plan: steps in order, their dependencies, and the command or instructions of each',
      positionals: ['track-id'],
      options: { ...trackId },
      run: async (inv) => (await plan()).show(inv),
    },
    {
      name: 'runs',
      summary: 'list the workflow runs of a track',
      positionals: ['track-id'],
      options: { ...trackId },
      run: async (inv) => (await steps()).runs(inv),
    },
    {
      name: 'logs',
      summary: "print the end of a run's stdout and stderr (default: the track's latest run)",
      details: 'Example: track logs run-003 --stream stderr',
      positionals: ['run-id'],
      options: {
        ...trackId,
        'step-id': { type: 'string', value: 'ID', description: 'the last run of this step (instead of a run id)' },
        stream: { type: 'string', value: 'stdout|stderr', description: 'only this stream (default: both)' },
        bytes: { type: 'string', value: 'N', description: 'at most N bytes from the end of each log (default 8000, at most 64000)' },
      },
      run: async (inv) => (await steps()).logs(inv),
    },
  ];
}
