/** Hash routing: `#/` board, `#/track/<id>`, `#/lanes`, `#/stats`. */
import { useEffect, useState } from 'preact/hooks';

export type Route = { view: 'board' } | { view: 'track'; id: string } | { view: 'lanes' } | { view: 'stats' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [head, ...rest] = path.split('/');
  if (head === 'track' && rest[0]) {
    try {
      return { view: 'track', id: decodeURIComponent(rest[0]) };
    } catch {
      return { view: 'board' };
    }
  }
  if (head === 'lanes') return { view: 'lanes' };
  if (head === 'stats') return { view: 'stats' };
  return { view: 'board' };
}

export function trackHref(id: string): string {
  return `#/track/${encodeURIComponent(id)}`;
}

/** The track page last shown: the board puts focus back on its card when it is shown again. */
let lastTrack: string | null = null;

function remember(route: Route): Route {
  if (route.view === 'track') lastTrack = route.id;
  return route;
}

/** The track whose card should take focus, once. */
export function takeLastTrack(): string | null {
  const id = lastTrack;
  lastTrack = null;
  return id;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => remember(parseRoute(location.hash)));
  useEffect(() => {
    const update = () => setRoute(remember(parseRoute(location.hash)));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
