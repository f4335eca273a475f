/** Builds the web app once before the browser suite (skipped when web/dist is current). */
import { ensureWebBuilt } from '../../src/web/build-app.js';

export default async function setup(): Promise<void> {
  await ensureWebBuilt({ log: (line) => process.stderr.write(`${line}\n`) });
}
