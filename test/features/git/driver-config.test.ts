import { describe, expect, it } from 'vitest';
import { ATTRIBUTE_LINES, namesOurDriver, withOurLines, withoutOurLines } from '../../../src/features/git/attributes.js';
import { driverIn } from '../../../src/features/git/git-config.js';

describe("the merge driver's .gitattributes lines", () => {
  it('are added once after what is there, and removal leaves the rest as it was', () => {
    const theirs = '*.png binary\n';
    const added = withOurLines(theirs);
    expect(added).toBe(`${theirs}${ATTRIBUTE_LINES.join('\n')}\n`);
    expect(withOurLines(added)).toBe(added);
    expect(namesOurDriver(added)).toBe(true);
    expect(namesOurDriver(theirs)).toBe(false);
    expect(withoutOurLines(added)).toBe(theirs);
    expect(withoutOurLines(withOurLines(''))).toBe('');
  });

  it('are not taken for ours when only a comment names the driver', () => {
    expect(namesOurDriver('# */track.json merge=track\n')).toBe(false);
  });
});

describe("the driver in a clone's git config", () => {
  it('is read from the [merge "track"] section only', () => {
    const config = [
      '[core]',
      '\tbare = false',
      '[merge "other"]',
      '\tdriver = other %O %A %B',
      '[Merge "track"]',
      '\tname = track-manager',
      '\tdriver = node .claude/skills/track-manager/track-cli.mjs merge-driver %O %A %B %P',
      '[user]',
      '\tname = t',
    ].join('\n');
    expect(driverIn(config)).toBe('node .claude/skills/track-manager/track-cli.mjs merge-driver %O %A %B %P');
    expect(driverIn('[merge "other"]\n\tdriver = x\n')).toBeNull();
    expect(driverIn('')).toBeNull();
  });
});
