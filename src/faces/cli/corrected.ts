import { TrackError } from '../../core/errors.js';
import { didYouMean, editDistance } from '../../core/suggest.js';

/** Longest corrected command line offered as a hint; longer ones keep the plain suggestion. */
const MAX_HINT_LINE = 160;

/** One argument as the shell reads it back. */
export function shellQuote(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  if (!/["$`\\!]/.test(arg)) return `"${arg}"`;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * An error whose details carry `did_you_mean` (replacements for the mistyped value the user typed,
 * itself one of the details) gets a hint that is the whole command line, corrected:
 * `track show track-a-002` → "did you mean 'track show track-a-001'?". Anything else is unchanged.
 */
export function withCorrectedCommand(error: TrackError, argv: readonly string[]): TrackError {
  const details = error.details ?? {};
  const near = details.did_you_mean;
  if (!Array.isArray(near) || !near.length) return error;
  // The mistyped value is the detail closest to what is suggested for it (not, say, the track id beside it); case slips count as close.
  const first = String(near[0]);
  const typed = Object.entries(details)
    .filter(([key, value]) => key !== 'did_you_mean' && typeof value === 'string')
    .map(([, value]) => value as string)
    .sort((a, b) => editDistance(a.toLowerCase(), first.toLowerCase()) - editDistance(b.toLowerCase(), first.toLowerCase()));
  for (const given of typed) {
    const at = argv.findIndex((arg) => arg === given || arg.endsWith(`=${given}`) || arg.startsWith(`${given}=`));
    if (at < 0) continue;
    const arg = argv[at] as string;
    const lines = near.map((instead) => {
      const fixed =
        arg === given ? String(instead) : arg.endsWith(`=${given}`) ? `${arg.slice(0, -given.length)}${instead}` : `${instead}${arg.slice(given.length)}`;
      return ['track', ...argv.slice(0, at), fixed, ...argv.slice(at + 1)].map((a, i) => (i === 0 ? a : shellQuote(a))).join(' ');
    });
    if (lines.some((line) => line.length > MAX_HINT_LINE)) return error;
    return new TrackError(error.code, error.message, didYouMean(lines), details);
  }
  return error;
}
