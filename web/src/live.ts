/**
 * The live connection: one EventSource for the page, shared by every component through a tiny
 * subscription. A change (debounced) bumps `version`, which the data hooks refetch on; nothing polls.
 * When the stream fails, one request tells why: no answer (the server is down: keep reconnecting)
 * or 401 (a new `track ui` run with a new token: this page can never reconnect, so it says so).
 */
import { useEffect, useState } from 'preact/hooks';

export type LiveState = 'connected' | 'reconnecting' | 'expired';

interface Live {
  state: LiveState;
  version: number;
}

const DEBOUNCE_MS = 100;
/** How long to wait before opening a stream the browser gave up on (it retries a dropped one itself). */
const REOPEN_MS = 2_000;
let current: Live = { state: 'reconnecting', version: 0 };
const listeners = new Set<(live: Live) => void>();
let source: EventSource | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let everConnected = false;
let probing = false;

function publish(next: Live): void {
  current = next;
  for (const listener of listeners) listener(current);
}

function bump(): void {
  clearTimeout(timer);
  timer = setTimeout(() => publish({ ...current, version: current.version + 1 }), DEBOUNCE_MS);
}

/** The page's token is no longer valid: stop for good (every request would be refused). */
export function markExpired(): void {
  if (current.state === 'expired') return;
  source?.close();
  source = null;
  publish({ ...current, state: 'expired' });
}

/** Why the stream failed: 401 is final; otherwise reopen it if the browser gave up, and keep reconnecting. */
async function probe(): Promise<void> {
  if (probing) return;
  probing = true;
  let status = 0;
  try {
    status = (await fetch('./api/board', { cache: 'no-store', credentials: 'same-origin' })).status;
  } catch {
    // Unreachable: the browser keeps retrying the stream.
  } finally {
    probing = false;
  }
  if (status === 401) {
    markExpired();
    return;
  }
  if (source && source.readyState === EventSource.CLOSED) {
    source = null;
    setTimeout(connect, REOPEN_MS);
  }
}

function connect(): void {
  if (source || current.state === 'expired') return;
  source = new EventSource('./api/events');
  source.addEventListener('ready', () => {
    publish({ ...current, state: 'connected' });
    // Changes made while the stream was down were never announced: refetch once.
    if (everConnected) bump();
    everConnected = true;
  });
  source.addEventListener('change', bump);
  source.addEventListener('error', () => {
    if (current.state === 'expired') return;
    if (current.state !== 'reconnecting') publish({ ...current, state: 'reconnecting' });
    void probe();
  });
}

export function useLive(): Live {
  const [live, setLive] = useState(current);
  useEffect(() => {
    connect();
    listeners.add(setLive);
    setLive(current);
    return () => {
      listeners.delete(setLive);
    };
  }, []);
  return live;
}
