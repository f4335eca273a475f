/** Published policy versions for the web app's policy page and the audit: list, source, diffs. */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/database.js';
import { listPolicyVersions } from '../../store/policy-store.js';
import { foldedDiff, type DiffLine, type LineDiff } from './line-diff.js';

export interface VersionSummary {
  version: number;
  hash: string;
  file: string;
  published_at: string;
}

export interface VersionDetail extends VersionSummary {
  source: string;
  /** With diff_from: the changed lines with 3 lines of context ("…" marks folded lines). */
  diff?: DiffLine[];
  diff_from?: number;
  added?: number;
  removed?: number;
}

export interface VersionChange extends VersionSummary {
  /** The version it replaced (none for the first). */
  previous?: number;
  diff: LineDiff;
}

export async function listVersions(db: Kysely<Database>): Promise<VersionSummary[]> {
  return (await listPolicyVersions(db)).map(summary);
}

/** One version with its source; with `diffFrom`, the line diff from that version to this one. Undefined when a version is unknown. */
export async function versionDetail(db: Kysely<Database>, version: number, diffFrom?: number): Promise<{ detail?: VersionDetail; missing?: number }> {
  const wanted = diffFrom === undefined ? [version] : [version, diffFrom];
  const rows = await db.selectFrom('policy_versions').selectAll().where('version', 'in', wanted).execute();
  const row = rows.find((r) => r.version === version);
  if (!row) return { missing: version };
  const detail: VersionDetail = { ...summary(row), source: row.source };
  if (diffFrom !== undefined) {
    const base = rows.find((r) => r.version === diffFrom);
    if (!base) return { missing: diffFrom };
    const diff = foldedDiff(base.source, row.source);
    Object.assign(detail, { diff: diff.lines, diff_from: diffFrom, added: diff.added, removed: diff.removed });
  }
  return { detail };
}

/** Versions published in [from, to), each with its diff from the version before it. */
export async function versionsPublishedIn(db: Kysely<Database>, from: Date, to: Date): Promise<VersionChange[]> {
  const rows = await db.selectFrom('policy_versions').selectAll().where('published_at', '<', to).orderBy('version').execute();
  const changes: VersionChange[] = [];
  rows.forEach((row, i) => {
    if (row.published_at < from) return;
    const before = rows[i - 1];
    // The first version has nothing to differ from: count its lines, show none.
    const diff = before ? foldedDiff(before.source, row.source) : { added: row.source.split('\n').length, removed: 0, lines: [] };
    changes.push({ ...summary(row), ...(before ? { previous: before.version } : {}), diff });
  });
  return changes;
}

function summary(row: { version: number; hash: string; file: string; published_at: Date }): VersionSummary {
  return { version: row.version, hash: row.hash, file: row.file, published_at: row.published_at.toISOString() };
}
