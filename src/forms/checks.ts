/**
 * Cross-section checks for forms, which the forms schema alone cannot make: a form's site must
 * exist, and its activity should either hand off (mql.high_intent) or earn points (an
 * engagement rule), else a submission changes nothing but the profile.
 */
import type { Policy } from '../policy/schema.js';

export interface FormFinding {
  path: (string | number)[];
  level: 'error' | 'warning';
  message: string;
}

export function checkForms(policy: Policy): FormFinding[] {
  const findings: FormFinding[] = [];
  const sites = Object.keys(policy.tracking.sites);
  for (const [id, form] of Object.entries(policy.forms)) {
    if (form.site && !sites.includes(form.site)) {
      findings.push({
        path: ['forms', id, 'site'],
        level: 'error',
        message: `no site "${form.site}" under tracking.sites${sites.length ? ` (sites: ${sites.join(', ')})` : ''}`,
      });
    }
    const scored = policy.scoring.engagement.rules.some((rule) => rule.event === form.activity);
    if (!policy.mql.high_intent.includes(form.activity) && !scored) {
      findings.push({
        path: ['forms', id, 'activity'],
        level: 'warning',
        message: `"${form.activity}" is neither in mql.high_intent nor scored by an engagement rule, so a submission earns no points`,
      });
    }
  }
  return findings;
}
