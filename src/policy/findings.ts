/**
 * Problems found after the schema passed (names that point nowhere, impossible dates, stages no
 * lead can reach), collected with the same file, line and path as parse errors. Errors stop a
 * policy from being published; warnings are printed but the policy still runs.
 */
import { closest } from '../domain/conditions/messages.js';
import { formatPath, type PolicyError, type PolicyPath } from './errors.js';
import type { SourceMap } from './source-map.js';

export interface Findings {
  readonly errors: PolicyError[];
  readonly warnings: PolicyError[];
}

export interface Reporter {
  error(path: PolicyPath, message: string, options?: { atKey?: boolean }): void;
  warning(path: PolicyPath, message: string, options?: { atKey?: boolean }): void;
  /** Whether the file writes this setting itself (rather than a default filling it in). */
  written(path: PolicyPath): boolean;
}

export function createReporter(map: SourceMap, file: string): { report: Reporter; findings: Findings } {
  const findings: Findings = { errors: [], warnings: [] };
  const add = (into: PolicyError[], path: PolicyPath, message: string, atKey = false) => {
    const { line, column } = atKey ? map.atKey(path) : map.at(path);
    into.push({ file, line, column, path: formatPath(path), message });
  };
  return {
    findings,
    report: {
      error: (path, message, options) => add(findings.errors, path, message, options?.atKey),
      warning: (path, message, options) => add(findings.warnings, path, message, options?.atKey),
      written: (path) => map.has(path),
    },
  };
}

/** `no pool named "enterprise_na"; pools are: enterprise-na, smb; did you mean "enterprise-na"?` */
export function unknownName(kind: string, name: string, known: readonly string[], plural = `${kind}s`): string {
  if (known.length === 0) return `no ${kind} named "${name}"; no ${plural} are defined`;
  const suggestion = closest(name, known);
  return `no ${kind} named "${name}"; ${plural} are: ${known.join(', ')}${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
}

export function sortFindings(findings: Findings): Findings {
  const byPlace = (a: PolicyError, b: PolicyError) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
  return { errors: [...findings.errors].sort(byPlace), warnings: [...findings.warnings].sort(byPlace) };
}
