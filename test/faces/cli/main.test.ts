import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/faces/cli/main.js';

describe('the CLI entry', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([[['import', 'bundle.json\u0000']], [['plan', 'set', 'plan.yaml\u0000']], [['artifact', 'add', 'notes.md\u0000']]])(
    'refuses a NUL byte in %j with a typed error, before touching any file',
    async (args) => {
      const write = vi.fn();
      expect(await run(args, { binUrl: 'file:///nonexistent/track.cjs', write })).toBe(2);
      expect(write.mock.calls[0]?.[0]).toBe(2);
      expect(String(write.mock.calls[0]?.[1])).toMatch(/^error: an argument contains a NUL byte/);
    },
  );

  it("lists a group's subcommands when only the group word is given", async () => {
    const write = vi.fn();
    expect(await run(['template'], { binUrl: 'file:///nonexistent/track.cjs', write })).toBe(2);
    expect(String(write.mock.calls[0]?.[1])).toContain('track template list');
  });
});
