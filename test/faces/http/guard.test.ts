import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { type GuardConfig, pathAfterToken, refusalOf } from '../../../src/faces/http/guard.js';
import { hostNames, isLoopback } from '../../../src/faces/http/hosts.js';

const TOKEN = 'k3J9x-Abc_def0123456789ABCDEFGHIJ';
const config: GuardConfig = { token: TOKEN, port: 4747, hosts: hostNames('127.0.0.1').allowed };
const request = (url: string, headers: Record<string, string>) => ({ url, headers }) as unknown as IncomingMessage;

describe("the board's guard", () => {
  it('takes the path after a correct token and refuses any other first segment', () => {
    expect(pathAfterToken(`/${TOKEN}/api/board?x=1`, TOKEN)).toBe('/api/board');
    expect(pathAfterToken(`/${TOKEN}`, TOKEN)).toBe('/');
    for (const url of ['/', '/api/board', `/${TOKEN.slice(1)}/`, `/${TOKEN}x/`, `/${TOKEN.toLowerCase()}/`, `//${TOKEN}/`, '']) {
      expect(pathAfterToken(url, TOKEN), url).toBeNull();
    }
  });

  it("lets through only this server's host names and its own origin", () => {
    const ok = { host: '127.0.0.1:4747' };
    expect(refusalOf(request(`/${TOKEN}/`, ok), config)).toBeNull();
    expect(refusalOf(request(`/${TOKEN}/`, { host: 'localhost:4747', origin: 'http://localhost:4747' }), config)).toBeNull();
    expect(refusalOf(request(`/${TOKEN}/`, { host: '[::1]:4747' }), config)).toBeNull();
    expect(refusalOf(request(`/${TOKEN}/`, { host: 'LOCALHOST:4747' }), config)).toBeNull();
    for (const [headers, status] of [
      [{}, 421],
      [{ host: 'evil.example:4747' }, 421],
      [{ host: '127.0.0.1' }, 421],
      [{ host: '127.0.0.1:4748' }, 421],
      [{ host: '127.0.0.1:4747:1' }, 421],
      [{ ...ok, origin: 'http://evil.example' }, 403],
      [{ ...ok, origin: 'https://127.0.0.1:4747' }, 403],
      [{ ...ok, origin: 'null' }, 403],
      [{ ...ok, 'sec-fetch-site': 'cross-site' }, 403],
    ] as const) {
      expect(refusalOf(request(`/${TOKEN}/`, headers), config)?.status, JSON.stringify(headers)).toBe(status);
    }
    expect(refusalOf(request('/api/board', ok), config)?.status).toBe(401);
  });

  it('answers to the loopback names on a loopback address, to the given name elsewhere', () => {
    expect(isLoopback('127.0.0.1') && isLoopback('localhost') && isLoopback('::1') && !isLoopback('0.0.0.0') && !isLoopback('10.0.0.5')).toBe(true);
    expect(hostNames('10.0.0.5')).toEqual({ allowed: new Set(['10.0.0.5']), shown: '10.0.0.5' });
    expect(hostNames('::1').shown).toBe('[::1]');
    const every = hostNames('0.0.0.0');
    expect(every.allowed.has('127.0.0.1') && every.allowed.has(every.shown)).toBe(true);
  });
});
