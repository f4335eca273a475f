/**
 * Reads a policy file and checks it completely (schema and references). A file that cannot be
 * read because of something the user can fix (missing, a folder, not readable) is reported as a
 * policy error saying what to do; other I/O failures are thrown.
 */
import { readFile } from 'node:fs/promises';
import { checkPolicy, type PolicyCheck } from './check.js';

export type { PolicyCheck } from './check.js';

export const EXAMPLE_POLICY = 'examples/baton.policy.yaml';

export async function loadPolicyFile(path: string): Promise<PolicyCheck> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const message = unreadable(error, path);
    if (!message) throw error;
    return { ok: false, errors: [{ file: path, path: '', message }], warnings: [] };
  }
  return checkPolicy(text.replace(/^\uFEFF/, ''), path);
}

function unreadable(error: unknown, path: string): string | undefined {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return `no policy file at ${path}; copy ${EXAMPLE_POLICY} there to start from a complete, commented example`;
    case 'EISDIR':
      return `${path} is a folder; expected a policy file such as ${path.replace(/\/?$/, '/')}baton.policy.yaml`;
    case 'EACCES':
    case 'EPERM':
      return `cannot read ${path}: permission denied`;
    default:
      return undefined;
  }
}
