/**
 * GET /t/baton.js?key=…: the tracking snippet with the site's settings written in (endpoint,
 * whether consent is required, whether identify is allowed), so the page needs one tag and the
 * policy stays the one place those settings live.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Site } from './sites.js';

const SOURCE = readFileSync(path.join(import.meta.dirname, 'client', 'baton.js'), 'utf8');

/** How long events are held in the page so that close ones share a request (ms). */
export const SNIPPET_BATCH_MS = 1_000;

export interface SnippetConfig {
  key: string;
  endpoint: string;
  consent: boolean;
  identify: boolean;
  delay: number;
}

export function snippetConfig(site: Site, endpoint: string): SnippetConfig {
  return { key: site.key, endpoint, consent: site.consent === 'required', identify: site.identify, delay: SNIPPET_BATCH_MS };
}

/** The script as served, comment lines and indentation dropped (the source stays readable). */
export function renderSnippet(config: SnippetConfig): string {
  return compact(SOURCE).replace('(window, document, navigator, BATON_CONFIG);', `(window, document, navigator, ${JSON.stringify(config)});`);
}

/** The `<script>` tag a site pastes into its pages. */
export function snippetTag(site: Site, publicUrl: string): string {
  return `<script async src="${publicUrl}/t/baton.js?key=${site.key}"></script>`;
}

/** Strips whole-line comments and leading spaces; no renaming, so the served code reads like the source. */
export function compact(source: string): string {
  return source
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('//'))
    .join('\n');
}
