/** Loads a view's data, and loads it again on every store change (the live version) or on demand. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type ApiFailure, asFailure } from './api.js';
import { useLive } from './live.js';

export interface Resource<T> {
  data: T | null;
  error: ApiFailure | null;
  reload: () => void;
}

/** `key` names what is loaded: when it changes, the old data is dropped rather than shown under the new key. */
export function useResource<T>(key: string, load: () => Promise<T>): Resource<T> {
  const { version } = useLive();
  const [manual, setManual] = useState(0);
  const [state, setState] = useState<{ key: string; data: T | null; error: ApiFailure | null }>({ key, data: null, error: null });
  const latest = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    const ticket = ++latest.current;
    loader.current().then(
      (data) => {
        if (ticket === latest.current) setState({ key, data, error: null });
      },
      (error: unknown) => {
        if (ticket === latest.current) setState((prev) => ({ key, data: prev.key === key ? prev.data : null, error: asFailure(error) }));
      },
    );
  }, [key, version, manual]);

  const reload = useCallback(() => setManual((n) => n + 1), []);
  const fresh = state.key === key;
  return { data: fresh ? state.data : null, error: fresh ? state.error : null, reload };
}
