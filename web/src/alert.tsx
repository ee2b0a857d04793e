import type { ApiFailure } from './api.js';

/** A refused request, in the CLI's words: the message, then the hint as a command line (as text). */
export function ErrorAlert({ error }: { error: ApiFailure | null }) {
  if (!error) return null;
  return (
    <div role="alert" class="alert">
      <p>{error.message}</p>
      {error.hint ? (
        <p>
          hint: <code>{error.hint}</code>
        </p>
      ) : null}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" aria-live="polite">
      Loading {what}…
    </p>
  );
}
