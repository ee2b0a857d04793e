/** The SKILL.md that `track init` writes: today's conventions, short, pointing to --help. */
export function skillMarkdown(): string {
  return `---
name: track-manager
description: Organise long-lived work into tracks that survive across sessions and context resets. Use when starting, resuming, switching or finishing a multi-session piece of work, when you need the goal, plan and decisions of the current work stream, or when asked to checkpoint, pause or resume work. Exactly one track is active at a time.
---

# track-manager

Run \`track context\` (or \`track get-active\`) first in a fresh session to see the active track.

Common commands (every command takes \`--json\` and \`--help\`; the track defaults to the active one):

- \`track create --name "Auth" --type feature --goal "Add OAuth 2.0" --priority P1\`
- \`track activate <id>\` · \`track switch --to <id>\` · \`track pause --reason "…"\` · \`track resume\`
- \`track list [--status active]\` · \`track show [<id>]\` · \`track history [<id>]\`
- \`track complete\` · \`track fail --reason "…"\` · \`track cancel --reason "…"\` · \`track archive\`
- \`track update --field priority --value P0\` (status changes go through the lifecycle)

The entry points beside this file run the same CLI, so these also work:
\`node .claude/skills/track-manager/manager.mjs create --name … --type … --goal … --priority P1\`,
\`node .claude/skills/track-manager/registry.mjs list --status active\`,
\`node .claude/skills/track-manager/registry.mjs get-active\`.

Exit codes: 0 ok, 2 invalid input, 3 not found, 4 illegal state change, 5 another track is active
(the hint names the \`switch --to\` command), 6 store locked, 7 checksum mismatch, 8 damaged store
(\`track doctor\`), 9 unsafe path, 10 no tracks root (\`track init\`). See \`track --help\`.
`;
}
