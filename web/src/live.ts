/**
 * The live connection: one EventSource for the page, shared by every component through a tiny
 * subscription. A change (debounced) bumps `version`, which the data hooks refetch on; nothing polls.
 */
import { useEffect, useState } from 'preact/hooks';

export type LiveState = 'connected' | 'reconnecting';

interface Live {
  state: LiveState;
  version: number;
}

const DEBOUNCE_MS = 100;
let current: Live = { state: 'reconnecting', version: 0 };
const listeners = new Set<(live: Live) => void>();
let source: EventSource | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let everConnected = false;

function publish(next: Live): void {
  current = next;
  for (const listener of listeners) listener(current);
}

function bump(): void {
  clearTimeout(timer);
  timer = setTimeout(() => publish({ ...current, version: current.version + 1 }), DEBOUNCE_MS);
}

function connect(): void {
  if (source) return;
  source = new EventSource('./api/events');
  source.addEventListener('ready', () => {
    publish({ ...current, state: 'connected' });
    // Changes made while the stream was down were never announced: refetch once.
    if (everConnected) bump();
    everConnected = true;
  });
  source.addEventListener('change', bump);
  source.addEventListener('error', () => {
    if (current.state !== 'reconnecting') publish({ ...current, state: 'reconnecting' });
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
