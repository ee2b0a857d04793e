/** The page's two parts: the header (navigation, live indicator) and the current view, rendered into index.html's <header> and <main>. */
import { useEffect } from 'preact/hooks';
import { EXPIRED } from './api.js';
import { BoardPage } from './board.js';
import { LanesPage } from './lanes.js';
import { type LiveState, useLive } from './live.js';
import { type Route, useRoute } from './router.js';
import { StatsPage } from './stats.js';
import { TrackPage } from './track.js';

const LINKS: Array<{ href: string; label: string; view: Route['view'] }> = [
  { href: '#/', label: 'Board', view: 'board' },
  { href: '#/lanes', label: 'Lanes', view: 'lanes' },
  { href: '#/stats', label: 'Stats', view: 'stats' },
];

const LIVE_TEXT: Record<LiveState, string> = { connected: 'Live', reconnecting: 'Reconnecting…', expired: 'Expired' };

function LiveIndicator() {
  const { state } = useLive();
  return (
    <p class="live" data-live={state} role="status">
      <span class="live-dot" aria-hidden="true" />
      {LIVE_TEXT[state]}
    </p>
  );
}

function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'track':
      return <TrackPage key={route.id} id={route.id} />;
    case 'lanes':
      return <LanesPage />;
    case 'stats':
      return <StatsPage />;
    default:
      return <BoardPage />;
  }
}

export function Header() {
  const route = useRoute();
  return (
    <>
      <span class="brand">track</span>
      <nav aria-label="Views">
        <ul>
          {LINKS.map((link) => (
            <li key={link.view}>
              <a href={link.href} aria-current={route.view === link.view ? 'page' : undefined}>
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <LiveIndicator />
    </>
  );
}

const TITLES: Record<Route['view'], string> = { board: 'Board', track: 'Track', lanes: 'Lanes', stats: 'Stats' };

export function Routed() {
  const route = useRoute();
  const { state } = useLive();
  const where = route.view === 'track' ? route.id : route.view;
  useEffect(() => {
    document.title = `${route.view === 'track' ? route.id : TITLES[route.view]} · track board`;
    scrollTo(0, 0);
  }, [where]);
  return (
    <>
      {state === 'expired' ? (
        <div role="alert" class="alert" data-expired>
          <p>{EXPIRED}</p>
        </div>
      ) : null}
      <View route={route} />
    </>
  );
}
