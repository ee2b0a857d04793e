/** Durations a person types: `90s`, `30m`, `12h`, `2d`. */
import { ValidationError } from './errors.js';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+(?:\.\d+)?)([smhd])$/;

/** The duration in milliseconds; `source` names where it came from (`--stale-after`, an environment variable) in the refusal. */
export function parseDuration(text: string, source: string): number {
  const match = DURATION.exec(text.trim());
  const ms = match ? Number(match[1]) * (UNIT_MS[match[2] as string] as number) : Number.NaN;
  if (ms > 0 && Number.isFinite(ms)) return ms;
  throw new ValidationError(
    `invalid duration '${text.slice(0, 40)}' for ${source}`,
    `a duration is a positive number followed by s, m, h or d, e.g. 30m, 12h or 2d`,
  );
}

/** `36h` → "1.5d"; whole units where they fit: how a report states a duration back. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    const n = ms / (UNIT_MS[unit] as number);
    if (n >= 1) return `${Number(n.toFixed(1))}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
