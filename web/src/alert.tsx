import type { ComponentChildren } from 'preact';
import type { ApiFailure } from './api.js';
import { type Resource, useResource } from './resource.js';

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

/** A view's data loaded (and reloaded live) under `name`: the error in the CLI's words, a loading line, then `render`. */
export function Loaded<T>({
  name,
  load,
  what,
  render,
}: {
  name: string;
  load: () => Promise<T>;
  what: string;
  render: (data: T, resource: Resource<T>) => ComponentChildren;
}) {
  const resource = useResource(name, load);
  const { data, error } = resource;
  return (
    <>
      {/* An expired page says so once, above the view (app.tsx). */}
      <ErrorAlert error={error?.code === 'EXPIRED' ? null : error} />
      {data ? render(data, resource) : error ? null : <Loading what={what} />}
    </>
  );
}
