/** Prints an error for a person at a terminal: the message for known errors, a stack only for bugs. */
import { StartupError } from '../app.js';
import { ConfigError } from '../config.js';
import { BatonError } from '../errors/baton-error.js';
import { DatabaseLockedError } from '../store/connect.js';

export function reportUserError(error: unknown): number {
  if (error instanceof StartupError || error instanceof ConfigError || error instanceof DatabaseLockedError) {
    process.stderr.write(`baton: ${error.message}\n`);
    return 1;
  }
  if (error instanceof BatonError) {
    process.stderr.write(`baton: ${error.message}\n${error.details.map((d) => `  ${d.path}: ${d.message}\n`).join('')}`);
    return 1;
  }
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') {
    process.stderr.write(`baton: the port is already in use (${(error as Error).message}). Stop the other server or set PORT to a free port.\n`);
    return 1;
  }
  if (code === 'ECONNREFUSED') {
    process.stderr.write(`baton: cannot reach the database (${(error as Error).message}). Check DATABASE_URL, or unset it to use the embedded database.\n`);
    return 1;
  }
  process.stderr.write(`baton: unexpected error (a bug; please report it with this output):\n${(error as Error)?.stack ?? String(error)}\n`);
  return 70;
}
