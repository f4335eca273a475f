/**
 * Which CSV column feeds which field. Headers are matched loosely ("First Name" = first_name,
 * "E-mail" = email), dotted targets nest (company.size, answers.budget), and `--map` overrides.
 */
export type ImportKind = 'leads' | 'events' | 'accounts';

const LEAD_FIELDS = ['email', 'first_name', 'last_name', 'title', 'phone', 'country', 'event_id'];
const COMPANY_FIELDS = ['name', 'domain', 'website', 'size', 'industry', 'country', 'region', 'state', 'annual_revenue'];
const TOUCH_FIELDS = ['channel', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'referrer', 'landing_page'];
const EVENT_FIELDS = ['type', 'occurred_at', 'url', 'title', 'form_id'];

const ALIASES: Record<ImportKind, Record<string, string>> = {
  leads: {
    e_mail: 'email', email_address: 'email', mail: 'email', firstname: 'first_name', lastname: 'last_name', job_title: 'title',
    company: 'company.name', company_name: 'company.name', account_name: 'company.name', employees: 'company.size',
    company_size: 'company.size', number_of_employees: 'company.size', industry: 'company.industry', website: 'company.website',
    domain: 'company.domain', state: 'company.state', region: 'company.region', annual_revenue: 'company.annual_revenue',
    event: 'event.type', event_type: 'event.type', occurred_at: 'event.occurred_at', form_id: 'event.form_id',
  },
  events: { e_mail: 'email', email_address: 'email', event: 'type', event_type: 'type', timestamp: 'occurred_at', time: 'occurred_at', page: 'url', id: 'event_id' },
  accounts: { company: 'name', company_name: 'name', account_name: 'name', website: 'domain', owner_id: 'owner', customer: 'is_customer', id: 'external_id' },
};

export function headerKey(header: string): string {
  return header.trim().toLowerCase().replace(/[\s\-/]+/g, '_').replace(/[^a-z0-9_.]/g, '');
}

/** Is `target` a field this kind of import can fill? */
export function isKnownTarget(kind: ImportKind, target: string): boolean {
  const [head, ...rest] = target.split('.');
  const tail = rest.join('.');
  if (kind === 'leads') {
    if (rest.length === 0) return LEAD_FIELDS.includes(target) || TOUCH_FIELDS.includes(target);
    if (head === 'company') return COMPANY_FIELDS.includes(tail);
    if (head === 'source') return TOUCH_FIELDS.includes(tail) || tail === 'at';
    if (head === 'event') return EVENT_FIELDS.includes(tail);
    return head === 'answers' && tail.length > 0;
  }
  if (kind === 'events') {
    if (rest.length === 0) return [...EVENT_FIELDS, 'email', 'lead_id', 'event_id'].includes(target);
    return head === 'properties' && tail.length > 0;
  }
  return rest.length === 0 && ['external_id', 'name', 'domain', 'owner', 'is_customer', 'segment'].includes(target);
}

/** "E-mail Address", "EmailAddress" and "email_address" all mean the same column. */
function compactAlias(kind: ImportKind, key: string): string | undefined {
  const compact = key.replace(/_/g, '');
  for (const [alias, target] of Object.entries(ALIASES[kind])) if (alias.replace(/_/g, '') === compact) return target;
  const fields = kind === 'leads' ? [...LEAD_FIELDS, ...TOUCH_FIELDS] : kind === 'events' ? [...EVENT_FIELDS, 'email', 'lead_id', 'event_id'] : ['external_id', 'name', 'domain', 'owner', 'is_customer', 'segment'];
  return fields.find((field) => field.replace(/_/g, '') === compact);
}

export interface ColumnPlan {
  targets: (string | undefined)[];
  ignored: string[];
}

/** Parses `--map "Col A=email,Employees=company.size"`. */
export function parseMapOption(map: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!map) return out;
  for (const pair of map.split(',')) {
    const at = pair.lastIndexOf('=');
    if (at <= 0) throw new Error(`--map: "${pair}" should look like "Column name=field", e.g. "Employees=company.size"`);
    out.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  return out;
}

export function planColumns(kind: ImportKind, headers: string[], map: Map<string, string>): ColumnPlan {
  const ignored: string[] = [];
  for (const [column, target] of map) {
    if (!headers.includes(column)) throw new Error(`--map names the column "${column}", which the file does not have (it has: ${headers.join(', ')})`);
    if (!isKnownTarget(kind, target)) throw new Error(`--map: "${target}" is not a field of ${kind}; see the README's import section for the list`);
  }
  const targets = headers.map((header) => {
    const explicit = map.get(header);
    if (explicit) return explicit;
    const key = headerKey(header);
    const target = isKnownTarget(kind, key) ? key : (ALIASES[kind][key] ?? compactAlias(kind, key));
    if (!target) ignored.push(header);
    return target;
  });
  return { targets, ignored };
}

/** Builds the nested request object for one row; empty cells are left out. */
export function rowToObject(kind: ImportKind, plan: ColumnPlan, row: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  plan.targets.forEach((target, i) => {
    const raw = row[i]?.trim();
    if (!target || raw === undefined || raw === '') return;
    let path = target.split('.');
    if (kind === 'leads' && path.length === 1 && TOUCH_FIELDS.includes(target)) path = ['source', target];
    let value: unknown = raw;
    if (kind === 'accounts' && target === 'is_customer') value = /^(true|yes|y|1|customer)$/i.test(raw);
    setPath(out, path, value);
  });
  return out;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}
