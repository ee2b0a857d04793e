/** Which names a request's `Host` may give for the address the board listens on. */
import { hostname, networkInterfaces } from 'node:os';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::';

const bracketed = (address: string): string => (address.includes(':') ? `[${address}]` : address);

export interface HostNames {
  /** Every name the server answers to (lowercase, IPv6 in brackets). */
  allowed: Set<string>;
  /** The one its URL shows. */
  shown: string;
}

/** A loopback address answers to the loopback names; every address (0.0.0.0) to this machine's addresses and name; else to the address given. */
export function hostNames(host: string): HostNames {
  if (isLoopback(host)) return { allowed: new Set([...LOOPBACK_NAMES, bracketed(host)]), shown: bracketed(host) };
  if (!isWildcard(host)) return { allowed: new Set([bracketed(host.toLowerCase())]), shown: bracketed(host) };
  const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => bracketed(a.address.toLowerCase())));
  const name = hostname().toLowerCase();
  return { allowed: new Set([...LOOPBACK_NAMES, name, ...addresses]), shown: name };
}
