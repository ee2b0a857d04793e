import { ValidationError } from './errors.js';
import { hint, run } from './hint.js';
import { TRACK_ID_PATTERN } from './schema.js';
import { formatSequence, type NameTag } from './sequence-names.js';

const TRANSLITERATIONS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
};

/** Built from the table's keys: esbuild escapes them in strings but not in a regular expression literal, and the CLI bundle must stay ASCII (scripts/build.mjs). */
const TRANSLITERATED = new RegExp(`[${Object.keys(TRANSLITERATIONS).join('')}]`, 'g');

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;
const MAX_SLUG = 40;

/**
 * A lowercase ASCII slug of a name. Latin diacritics are folded; a name with no Latin letters
 * or digits at all (e.g. "認証機能") gets a stable short digest instead, so ids stay readable
 * and distinct. `digest` is injected to keep this module free of I/O and crypto imports.
 */
export function slugify(name: string, digest: (s: string) => string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(TRANSLITERATED, (c) => TRANSLITERATIONS[c] ?? c);
  let slug = folded.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length > MAX_SLUG) slug = slug.slice(0, MAX_SLUG).replace(/-[^-]*$/, '') || slug.slice(0, MAX_SLUG);
  slug = slug.replace(/-+$/g, '');
  return slug || `u${digest(name.normalize('NFC')).slice(0, 8)}`;
}

/** `track-<slug>-NNN`, or `track-<slug>-NNN-k3x9p` with a tag (a store shared through git). */
export function makeTrackId(slug: string, sequence: number, tag?: NameTag): string {
  return formatSequence(`track-${slug}`, sequence, tag);
}

/** Checks a user- or disk-supplied track id against the allow-list; returns it unchanged. */
export function validateTrackId(id: string, what = 'track id'): string {
  if (typeof id !== 'string' || !TRACK_ID_PATTERN.test(id) || WINDOWS_RESERVED.test(id)) {
    const shown = JSON.stringify(String(id).slice(0, 80));
    throw new ValidationError(
      `invalid ${what} ${shown}: use lowercase letters, digits and inner hyphens (at most 100)`,
      hint`${run('list')} to see existing ids`,
      { id: String(id).slice(0, 200) },
    );
  }
  return id;
}
