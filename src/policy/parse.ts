/**
 * YAML text → a typed, validated `Policy`, or every problem found, each with file, line, column
 * and path. YAML syntax errors stop there (the schema would only repeat them in other words);
 * otherwise every schema issue is reported at once, so one `baton policy check` run lists them all.
 */
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { formatPath, type PolicyError } from './errors.js';
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
  if (doc.errors.length > 0) return { ok: false, errors: doc.errors.map((e) => yamlError(e, map, file)) };

  const input: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (input === null || input === undefined) {
    return { ok: false, errors: [{ file, line: 1, column: 1, path: '', message: 'the policy file is empty; start from examples/baton.policy.yaml' }] };
  }
  const parsed = policySchema.safeParse(input, PARSE_OPTIONS);
  if (!parsed.success) {
    const errors = describeIssues(parsed.error.issues, policySchema).map((report): PolicyError => {
      const { line, column } = report.atKey ? map.atKey(report.path) : map.at(report.path);
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
  DUPLICATE_KEY: 'this key appears twice in the same map; keep one of them',
  TAB_AS_INDENT: 'a tab is used for indentation; YAML needs spaces',
  MULTIPLE_DOCS: 'the file holds more than one YAML document ("---"); a policy is one document',
  BAD_INDENT: 'the indentation is wrong here',
};

function yamlError(error: YAMLError, map: SourceMap, file: string): PolicyError {
  const offset = error.pos[0];
  const { line, column } = map.position(offset);
  const detail = error.message.replace(/\.$/, '');
  const known = YAML_MESSAGES[error.code];
  const path = map.pathAt(offset);
  let message = known && error.code !== 'BAD_INDENT' ? known : `${known ? `${known}: ` : 'invalid YAML: '}${lowerFirst(detail)}`;
  if (error.code === 'DUPLICATE_KEY' && path.length > 0) message = `"${String(path.at(-1))}" appears twice in the same map; keep one of them`;
  return { file, line, column, path: formatPath(path), message };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function sortByPosition(errors: PolicyError[]): PolicyError[] {
  return [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
