import type { Step, StepAction, TrackTemplate } from '../../core/schema.js';
import type { StepType } from '../../core/vocab.js';

type StepSpec = [id: string, name: string, type: StepType, action: StepAction];

const manual = (instructions: string): StepAction => ({ type: 'manual', instructions });
const review = (instructions: string): StepAction => ({ type: 'review', instructions });
const command = (cmd: string): StepAction => ({ type: 'run-command', command: cmd });

/** A linear plan: each step depends on the one before it. */
function plan(specs: StepSpec[]): Step[] {
  return specs.map(([step_id, name, type, action], order) => ({
    step_id,
    name,
    type,
    status: 'pending',
    order,
    action,
    depends_on: order === 0 ? [] : [(specs[order - 1] as StepSpec)[0]],
  }));
}

const testCommand = { name: 'test_command', description: 'the command that runs the test suite', default: 'npm test' };

function template(
  fields: Omit<TrackTemplate, 'format' | 'tags' | 'success_criteria' | 'target_files' | 'target_directories'> & Partial<TrackTemplate>,
): TrackTemplate {
  return { format: 'track-template/1', tags: [], success_criteria: [], target_files: [], target_directories: [], ...fields };
}

/** Templates every project has; a user template with the same name takes precedence. */
export const BUILTIN_TEMPLATES: readonly TrackTemplate[] = [
  template({
    name: 'feature',
    description: 'a new feature: design, implement, test, review, document',
    type: 'feature',
    variables: [testCommand],
    goal: '{{goal}}',
    success_criteria: ['the feature works as described in the goal', 'tests cover the new behaviour'],
    steps: plan([
      ['design', 'Design {{name}}', 'design', manual('Sketch the approach for: {{goal}}. Record decisions.')],
      ['implement', 'Implement {{name}}', 'implementation', manual('Implement the design in small commits.')],
      ['test', 'Run the tests', 'testing', command('{{test_command}}')],
      ['review', 'Review the change', 'review', review('Review the diff against the goal and the success criteria.')],
      ['document', 'Document {{name}}', 'documentation', manual('Update the user-facing documentation.')],
    ]),
  }),
  template({
    name: 'bugfix',
    description: 'a bug: reproduce, find the cause, fix with a regression test',
    type: 'bugfix',
    priority: 'P1',
    variables: [testCommand, { name: 'issue', description: 'issue or ticket reference', required: false }],
    goal: '{{goal}}',
    success_criteria: ['a test reproduces the bug and now passes', 'no other test regresses'],
    steps: plan([
      ['reproduce', 'Reproduce the bug {{issue}}', 'research', manual('Write down the exact steps and a failing test.')],
      ['root-cause', 'Find the root cause', 'research', manual('Explain why it happens, not only where.')],
      ['fix', 'Fix it', 'implementation', manual('Fix the cause; keep the regression test.')],
      ['test', 'Run the tests', 'testing', command('{{test_command}}')],
      ['review', 'Review the fix', 'review', review('Check the fix and the regression test.')],
    ]),
  }),
  template({
    name: 'refactor',
    description: 'a behaviour-preserving restructuring, guarded by tests',
    type: 'refactor',
    variables: [testCommand, { name: 'area', description: 'the code being restructured', required: false }],
    goal: '{{goal}}',
    success_criteria: ['behaviour unchanged: the full test suite passes before and after'],
    steps: plan([
      ['baseline', 'Record a green baseline', 'testing', command('{{test_command}}')],
      ['restructure', 'Restructure {{area}}', 'implementation', manual('Change structure only, in small steps.')],
      ['test', 'Run the tests again', 'testing', command('{{test_command}}')],
      ['review', 'Review the diff', 'review', review('Confirm no behaviour changed.')],
    ]),
  }),
  template({
    name: 'migration',
    description: 'a data or dependency migration with a rehearsal and a rollback plan',
    type: 'migration',
    priority: 'P1',
    variables: [testCommand, { name: 'from', description: 'what is migrated from' }, { name: 'to', description: 'what is migrated to' }],
    goal: '{{goal}}',
    success_criteria: ['migrated from {{from}} to {{to}} with no data loss', 'a tested rollback exists'],
    steps: plan([
      ['inventory', 'Inventory what uses {{from}}', 'research', manual('List every use of {{from}}.')],
      ['plan', 'Plan the migration and its rollback', 'design', manual('Write the steps from {{from}} to {{to}} and how to roll back.')],
      ['rehearse', 'Rehearse on a copy', 'validation', manual('Run the migration on a copy; compare results.')],
      ['migrate', 'Migrate to {{to}}', 'implementation', manual('Apply the migration.')],
      ['test', 'Run the tests', 'testing', command('{{test_command}}')],
      ['approve', 'Approve the migration', 'review', { type: 'approval', instructions: 'Sign off that the migration is complete.' }],
    ]),
  }),
  template({
    name: 'security',
    description: 'a security fix or hardening: threat model, fix, verify',
    type: 'security',
    priority: 'P0',
    variables: [testCommand],
    goal: '{{goal}}',
    success_criteria: ['the vulnerability is fixed and covered by a test', 'no secret is committed'],
    steps: plan([
      ['threat-model', 'Model the threat', 'research', manual('Who can do what, through which input?')],
      ['fix', 'Fix or harden', 'implementation', manual('Apply the fix at the trust boundary.')],
      ['test', 'Run the tests', 'testing', command('{{test_command}}')],
      ['review', 'Security review', 'review', review('A second person reviews the fix and its test.')],
    ]),
  }),
  template({
    name: 'performance',
    description: 'a measured performance improvement',
    type: 'performance',
    variables: [testCommand, { name: 'metric', description: 'what is measured, e.g. p95 latency', required: false }],
    goal: '{{goal}}',
    success_criteria: ['a benchmark shows the improvement in {{metric}}', 'tests still pass'],
    steps: plan([
      ['measure', 'Measure the baseline {{metric}}', 'research', manual('Record a reproducible benchmark.')],
      ['profile', 'Profile', 'research', manual('Find where the time or memory goes.')],
      ['optimize', 'Optimize', 'implementation', manual('Change the hot spot.')],
      ['verify', 'Measure again', 'validation', manual('Re-run the benchmark; record the figure.')],
      ['test', 'Run the tests', 'testing', command('{{test_command}}')],
    ]),
  }),
  template({
    name: 'documentation',
    description: 'documentation work: outline, write, review',
    type: 'documentation',
    variables: [],
    goal: '{{goal}}',
    steps: plan([
      ['outline', 'Outline {{name}}', 'design', manual('List the questions readers have.')],
      ['write', 'Write', 'documentation', manual('Write and add examples that run.')],
      ['review', 'Review', 'review', review('Have someone follow the docs verbatim.')],
    ]),
  }),
  template({
    name: 'testing',
    description: 'test coverage work for an area',
    type: 'testing',
    variables: [testCommand, { name: 'area', description: 'the area to cover', required: false }],
    goal: '{{goal}}',
    steps: plan([
      ['gaps', 'Find coverage gaps in {{area}}', 'research', manual('List untested behaviour.')],
      ['write-tests', 'Write the tests', 'testing', manual('One behaviour per test; each must be able to fail.')],
      ['run', 'Run the tests', 'testing', command('{{test_command}}')],
    ]),
  }),
];
