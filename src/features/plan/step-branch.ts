/** A conditional-branch step's choice and what it does to the plan: the chosen branch's `skip` and the other branches' targets are skipped. */
import { chooseBranch } from '../../core/plan-condition.js';
import type { Step, Track } from '../../core/schema.js';
import { replaceStep } from './step-policy.js';

export interface BranchChoice {
  track: Track;
  label: string;
  index: number;
  skipped: string[];
}

/** Applies branch `index` (-1: none matched) of `step` to the track. */
export function applyBranchIndex(track: Track, step: Step, index: number): BranchChoice {
  const branches = step.action.branches ?? [];
  const chosen = index >= 0 ? branches[index] : undefined;
  const others = branches.filter((b, i) => i !== index && b.goto && b.goto !== chosen?.goto).map((b) => b.goto as string);
  const skip = new Set([...(chosen?.skip ?? []), ...others]);
  const skipped: string[] = [];
  let next = track;
  for (const s of track.steps) {
    if (skip.has(s.step_id) && s.status === 'pending') {
      next = replaceStep(next, { ...s, status: 'skipped', notes: `skipped by branch of ${step.step_id}` });
      skipped.push(s.step_id);
    }
  }
  const label = chosen ? (chosen.label ?? chosen.goto ?? `branch-${index + 1}`) : 'none';
  return { track: next, label, index, skipped };
}

/** Chooses the first branch whose condition holds (given the command's exit code) and applies it. */
export function applyBranch(track: Track, step: Step, exitCode: number | null | undefined): BranchChoice {
  const scope = {
    steps: new Map(track.steps.map((s) => [s.step_id, { status: s.status, outputs: s.outputs ?? {} }])),
    exit_code: exitCode ?? undefined,
  };
  return applyBranchIndex(track, step, chooseBranch(step.action.branches ?? [], scope));
}
