/** What a part of a page shows while loading, on error, and when a capability has not shipped its API yet. */
import type { ReactNode } from 'react';
import type { ApiError } from '../api';
import type { Resource } from '../data';

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function NotAvailable({ what }: { what: string }) {
  return (
    <div className="notice" role="status" data-state="not-available">
      <strong>{what.charAt(0).toUpperCase() + what.slice(1)}: not available yet.</strong> This Baton does not serve this part of the API yet; the page shows it as soon as it does.
    </div>
  );
}

export function ErrorView({ error, what }: { error: ApiError; what: string }) {
  if (error.notAvailable) return <NotAvailable what={what} />;
  return (
    <div className="notice error" role="alert">
      <strong>Could not load {what}.</strong> {error.message}
    </div>
  );
}

/** Renders `children(data)` once loaded, else the loading or error state. */
export function Show<T>({ resource, what, children }: { resource: Resource<T>; what: string; children: (data: T) => ReactNode }) {
  if (resource.data !== undefined) return <>{children(resource.data)}</>;
  if (resource.error) return <ErrorView error={resource.error} what={what} />;
  return <Loading what={what} />;
}

/** An action's error or confirmation, announced to screen readers. */
export function Feedback({ error, done }: { error?: string | undefined; done?: string | undefined }) {
  if (error)
    return (
      <p className="feedback error" role="alert">
        {error}
      </p>
    );
  if (done)
    return (
      <p className="feedback ok" role="status">
        {done}
      </p>
    );
  return null;
}
