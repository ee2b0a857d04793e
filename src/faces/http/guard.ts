/**
 * Who may talk to the board: a request must carry the run's token as its first path segment, name
 * this server in `Host` (a DNS-rebinding page names its own host) and, when a browser says where
 * it comes from, come from this server's own origin (a cross-site page cannot act or read).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface GuardConfig {
  token: string;
  port: number;
  /** Host names the server answers to (without the port). */
  hosts: ReadonlySet<string>;
}

export interface Refusal {
  status: number;
  message: string;
}

/** The path after `/<token>`, or null when the token is missing or wrong (compared in constant time). */
export function pathAfterToken(url: string, token: string): string | null {
  const path = url.split('?')[0] ?? '';
  const match = /^\/([^/]*)(\/.*)?$/.exec(path);
  if (!match) return null;
  const given = Buffer.from(match[1] ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return match[2] ?? '/';
}

/** `host:port` split, `[::1]:port` included; null when it does not parse. */
function hostOf(header: string): { name: string; port: number | null } | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header);
  if (!match) return null;
  return { name: (match[1] as string).toLowerCase(), port: match[2] === undefined ? null : Number(match[2]) };
}

const hostAllowed = (header: string | undefined, config: GuardConfig): boolean => {
  const host = header === undefined ? null : hostOf(header);
  return host !== null && host.port === config.port && config.hosts.has(host.name);
};

/** Why the request is refused, or null when it may go on. */
export function refusalOf(req: IncomingMessage, config: GuardConfig): Refusal | null {
  if (!hostAllowed(req.headers.host, config))
    return { status: 421, message: `this server answers only to ${[...config.hosts].join(', ')} on port ${config.port}` };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host}`) return { status: 403, message: 'requests from another origin are refused' };
  if (req.headers['sec-fetch-site'] === 'cross-site') return { status: 403, message: 'cross-site requests are refused' };
  if (pathAfterToken(req.url ?? '/', config.token) === null) {
    return { status: 401, message: "missing or wrong access token: open the URL 'track ui' printed" };
  }
  return null;
}
