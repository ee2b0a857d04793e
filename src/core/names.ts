import { UnsafePathError } from './errors.js';

/** One path segment: a plain file or directory name, never a separator, dot-dot or NUL. */
export function assertPlainName(name: string, what = 'name'): string {
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    name.length > 255 ||
    name === '.' ||
    name === '..' ||
    /[/\\\0]/.test(name) ||
    /[\u0000-\u001f]/.test(name)
  ) {
    throw new UnsafePathError(String(name).slice(0, 120), `a ${what} must be a plain name without path separators`);
  }
  return name;
}
