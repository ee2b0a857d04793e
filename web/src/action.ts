/** Runs an action through the API, keeping what the page shows of it: busy, the error, or what was done. */
import { useState } from 'preact/hooks';
import type { ActionInputs, ActionName } from '../../src/faces/http/api.js';
import { type ApiFailure, api, asFailure } from './api.js';

export interface ActionState {
  busy: boolean;
  error: ApiFailure | null;
  done: string | null;
  run: <N extends ActionName>(name: N, input: ActionInputs[N], done: string) => Promise<boolean>;
}

export function useAction(after: () => void): ActionState {
  const [state, setState] = useState<{ busy: boolean; error: ApiFailure | null; done: string | null }>({ busy: false, error: null, done: null });
  const run = async <N extends ActionName>(name: N, input: ActionInputs[N], done: string) => {
    setState({ busy: true, error: null, done: null });
    try {
      await api.action(name, input);
      setState({ busy: false, error: null, done });
      return true;
    } catch (error) {
      setState({ busy: false, error: asFailure(error), done: null });
      return false;
    } finally {
      after();
    }
  };
  return { ...state, run };
}
