/**
 * YAML text → a typed, validated `Policy`, or every problem found, each with file, line, column
 * and path. YAML syntax errors stop there (the schema would only repeat them in other words);
 * otherwise every schema issue is reported at once, so one `baton policy check` run lists them all.
 */
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { formatPath, type PolicyError, type PolicyPath } from './errors.js';
import { describeIssues, PARSE_OPTIONS } from './issue-message.js';
import { policySchema, type Policy } from './schema.js';
import { createSourceMap, type SourceMap } from './source-map.js';

export type { PolicyError } from './errors.js';
export { formatPolicyError } from './errors.js';

export type ParseResult =
  | { readonly ok: true; readonly policy: Policy; readonly hash: string; readonly source: string }
  | { readonly ok: false; readonly errors: readonly PolicyError[] };

/** A parse that also keeps the way back from paths to lines, for the reference checks. */
export type MappedParseResult =
  | (Extract<ParseResult, { ok: true }> & { readonly map: SourceMap })
  | Extract<ParseResult, { ok: false }>;

export function parsePolicy(text: string, file: string): ParseResult {
  const result = parsePolicyMapped(text, file);
  if (!result.ok) return result;
  const { policy, hash, source } = result;
  return { ok: true, policy, hash, source };
}

export function parsePolicyMapped(text: string, file: string): MappedParseResult {
  const lineCounter = new LineCounter();
  // YAML 1.2 (the default) keeps 2026-12-25 and 09:00 as text; `merge` allows `<<: *defaults`.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true });
  const map = createSourceMap(doc, lineCounter, text);
  if (doc.errors.length > 0) return { ok: false, errors: doc.errors.map((e) => yamlError(e, map, text, file)) };

  const input: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (input === null || input === undefined) {
    return { ok: false, errors: [{ file, line: 1, column: 1, path: '', message: 'the policy file is empty; start from examples/baton.policy.yaml' }] };
  }
  const parsed = policySchema.safeParse(input, PARSE_OPTIONS);
  if (!parsed.success) {
    const errors = describeIssues(parsed.error.issues, policySchema).map((report): PolicyError => {
      // A missing field is pointed at the key of the map that should hold it (`sla:`).
      const place = report.missing ? map.atKey(report.path.slice(0, -1)) : report.atKey ? map.atKey(report.path) : map.at(report.path);
      const { line, column } = place;
      return { file, line, column, path: formatPath(report.path), message: report.message };
    });
    return { ok: false, errors: sortByPosition(errors) };
  }
  // The version hash covers what the file says, not how it is written: the canonical JSON of the
  // parsed YAML (keys sorted, anchors expanded), so comment, whitespace, quoting and key-order
  // edits keep the version while any change of a value makes a new one. Defaults are not filled
  // in, so writing out a default explicitly does make a new version.
  const hash = sha256Hex(canonicalJson(input));
  return { ok: true, policy: parsed.data, hash, source: text, map };
}

const YAML_MESSAGES: Record<string, string> = {
  TAB_AS_INDENT: 'a tab is used for indentation; YAML needs spaces',
  MULTIPLE_DOCS: 'the file holds more than one YAML document ("---"); a policy is one document',
};

function yamlError(error: YAMLError, map: SourceMap, text: string, file: string): PolicyError {
  let offset = error.pos[0];
  let message = YAML_MESSAGES[error.code] ?? `invalid YAML: ${lowerFirst(error.message.replace(/\.$/, ''))}`;
  // yaml notices an unclosed "{" or "[" where the next line starts; the fix is where it opened.
  const unclosed = /^Flow (map|sequence) .* end with a ([}\]])/.exec(error.message);
  const opening = unclosed ? unclosedBracketBefore(text, offset, unclosed[2] === '}' ? '{' : '[') : undefined;
  if (unclosed && opening !== undefined) {
    offset = opening;
    message = `invalid YAML: this "${text[opening]}" is never closed with "${unclosed[2]}"`;
  }
  const path = trustworthy(map.pathAt(offset));
  if (error.code === 'DUPLICATE_KEY' && path.length > 0) message = `"${String(path.at(-1))}" appears twice in the same map; keep one of them`;
  const { line, column } = map.position(offset);
  return { file, line, column, path: formatPath(path), message };
}

/** The offset of the `open` bracket left unclosed before `offset` (skipping balanced pairs). */
function unclosedBracketBefore(text: string, offset: number, open: '{' | '['): number | undefined {
  const close = open === '{' ? '}' : ']';
  let depth = 0;
  for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) {
    if (text[i] === close) depth++;
    else if (text[i] === open && depth-- === 0) return i;
  }
  return undefined;
}

/** A broken document can yield keys made of several words run together; cut the path there. */
function trustworthy(path: PolicyPath): PolicyPath {
  const broken = path.findIndex((segment) => typeof segment === 'string' && /\s/.test(segment));
  return broken < 0 ? path : path.slice(0, broken);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function sortByPosition(errors: PolicyError[]): PolicyError[] {
  return [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
