/** `<tracks root>/.gitattributes`: which documents git merges with `track merge-driver`. */
import { DRIVER_NAME } from './git-config.js';

export const ATTRIBUTES_FILE = '.gitattributes';
const HEADER = '# track-manager: merge track documents by meaning (track merge-driver); written by track init';
/** Patterns relative to the tracks root: every track's document and its context documents. */
export const ATTRIBUTE_LINES = [HEADER, `*/track.json merge=${DRIVER_NAME}`, `*/context/*.json merge=${DRIVER_NAME}`];

/** True when the file's text assigns our driver to some path. */
export const namesOurDriver = (text: string): boolean =>
  text.split(/\r?\n/).some((l) => !l.trim().startsWith('#') && new RegExp(`\\smerge=${DRIVER_NAME}(\\s|$)`).test(l));

/** The text with our lines present (added at the end, others kept as they are); unchanged when they are all there. */
export function withOurLines(text: string): string {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const missing = ATTRIBUTE_LINES.filter((l) => !lines.includes(l));
  if (!missing.length) return text;
  return `${[...lines, ...missing].join('\n')}\n`;
}

/** The text without our lines ('' when nothing else was there). */
export function withoutOurLines(text: string): string {
  const lines = text
    .replace(/\n$/, '')
    .split('\n')
    .filter((l) => !ATTRIBUTE_LINES.includes(l));
  return lines.some((l) => l.trim() !== '') ? `${lines.join('\n')}\n` : '';
}
