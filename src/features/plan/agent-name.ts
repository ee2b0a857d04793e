import { userInfo } from 'node:os';
import { ValidationError } from '../../core/errors.js';

export const AGENT_ENV = 'TRACK_AGENT';
const AGENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** Who is asking: `--agent`, else $TRACK_AGENT, else the OS user name. */
export function agentName(explicit?: string | undefined): string {
  let fallback = 'user';
  try {
    fallback = userInfo().username || fallback;
  } catch {
    /* no passwd entry: keep the fallback */
  }
  const name = explicit ?? (process.env[AGENT_ENV] || fallback);
  if (!AGENT_NAME.test(name)) {
    throw new ValidationError(`invalid agent name '${name.slice(0, 40)}'`, 'use letters, digits, dot, dash, underscore or @ (at most 64)');
  }
  return name;
}

/** Who a command runs as when no --agent is given; null when $TRACK_AGENT is not a valid name. */
export function defaultAgent(): string | null {
  try {
    return agentName();
  } catch {
    return null;
  }
}
