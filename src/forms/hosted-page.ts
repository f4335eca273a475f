/** GET /f/:formId: the form on a page of its own, for links in e-mails and ads. */
import type { FormPolicy } from '../policy/sections/forms.js';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function hostedPage(formId: string, form: FormPolicy): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(form.title)}</title>
<style>
  :root { --baton-accent: #2563eb; --baton-font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; padding: 1rem; background: #f3f4f6; color: #111827; font: var(--baton-font); }
  main { max-width: 36rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: 12px; box-shadow: 0 1px 3px rgb(0 0 0 / 0.1); }
  @media (max-width: 30em) { body { padding: 0; } main { margin: 0; border-radius: 0; box-shadow: none; } }
</style>
</head>
<body>
<main>
  <div data-baton-form="${escape(formId)}"><p>Loading the form…</p></div>
  <noscript><p>This form needs JavaScript. Please turn it on, or write to us instead.</p></noscript>
</main>
<script src="/f/forms.js"></script>
</body>
</html>
`;
}
