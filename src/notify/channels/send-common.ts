/** What every channel's sender shares: how long a send may take, and a failure told as text. */

/** Longest a send may take (Default: 10 s); far under the sending lease, so no other process retries while it runs. */
export const SEND_TIMEOUT_MS = 10_000;

/** An error as the one line a delivery's outcome keeps: its code, message and cause. */
export function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = (error as { code?: string }).code;
    const inner = cause instanceof Error ? `: ${cause.message}` : '';
    return `${code ? `${code} ` : ''}${error.message}${inner}`.slice(0, 500);
  }
  return String(error).slice(0, 500);
}
