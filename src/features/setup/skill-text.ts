import { exitCodeSummary } from '../../core/exit-codes.js';

/** The SKILL.md that `track init` writes: today's conventions, short, pointing to --help. */
export function skillMarkdown(): string {
  return `---
name: track-manager
description: Organise long-lived work into tracks that survive across sessions and context resets. Use when starting, resuming, switching or finishing a multi-session piece of work, when you need the goal, plan, decisions and current step of the work in progress, or when asked to checkpoint, pause or resume work. Exactly one track is active at a time.
---

# track-manager

In a fresh session run \`track context\` first: goal, current step with its instructions, recent
decisions, open assumptions, last checkpoint and what changed in git since; with no track active,
the paused tracks and the command that resumes one.

Every command takes \`--json\` and \`--help\`; a command that acts on a track defaults to the active one
(\`--track-id ID\` picks another).

- Lifecycle: \`track create --name "Auth" --type feature --goal "Add OAuth 2.0" --priority P1 [--plan plan.yaml]\`,
  \`track activate <id>\`, \`track switch --to <id>\`, \`track pause --reason "…"\`, \`track resume\`,
  \`track complete\`, \`track fail --reason "…"\`, \`track cancel\`, \`track archive\`
- Where things stand: \`track status\`, \`track list [--status active]\`, \`track show\`, \`track history\`
- The plan: \`track next\` runs the next runnable step (commands run; agent steps are handed to you),
  \`track step complete --step-id S [--output k=v] [--notes …]\`, \`track step fail|skip|release\`,
  \`track step add --name … --type … --action-type …\`, \`track plan set FILE\`, \`track plan show\`
- Context: \`track decide "…" --rationale "…"\`, \`track assume "…"\`, \`track learn "…"\`,
  \`track artifact add FILE\`, \`track checkpoint --reason "…"\`, \`track restore --checkpoint ID\`
- Templates, sub-tracks, dependencies, analytics, sharing: \`track template list\`, \`track conflicts\`,
  \`track stats\`, \`track export ID\` / \`track import FILE\`

The entry points beside this file run the same CLI, so the skill's own command lines work:
\`node .claude/skills/track-manager/manager.mjs create --name … --type … --goal … --priority P1\`,
\`node .claude/skills/track-manager/manager.mjs next --track-id ID\`,
\`node .claude/skills/track-manager/registry.mjs list --status active\`,
\`node .claude/skills/track-manager/registry.mjs get-active\`. Where \`track\` is not on PATH,
\`node .claude/skills/track-manager/track-cli.mjs <command>\` runs any command; exit 127 means the
package is not installed (the message names the install command).

Exit codes: ${exitCodeSummary()}. Every error prints a hint: a command that fixes it.
`;
}
