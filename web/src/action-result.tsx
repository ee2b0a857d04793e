/** An action's outcome, shown beside the control that ran it and scrolled into view when it appears. */
import { useEffect, useRef } from 'preact/hooks';
import type { ActionState } from './action.js';
import { ErrorAlert } from './alert.js';

export function ActionResult({ state }: { state: ActionState }) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = state.error ?? state.done;
  useEffect(() => {
    if (shown) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [shown]);
  return (
    <div ref={ref} class="action-result">
      <ErrorAlert error={state.error} />
      <p class="done-note" role="status">
        {state.done ?? ''}
      </p>
    </div>
  );
}
