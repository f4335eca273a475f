import { describe, expect, it } from 'vitest';
import { classifyPath, sessionScript } from './app-files.js';

describe('which GET paths the web app answers', () => {
  it('leaves the API, tracking, forms and one-click links to their owners', () => {
    for (const p of ['/api/v1/nope', '/api', '/t/pixel.gif', '/f/contact', '/a/abc']) expect(classifyPath(p)).toEqual({ kind: 'reserved' });
  });

  it('serves files by path and every other path as a page of the app', () => {
    expect(classifyPath('/assets/index-3f2a.js')).toEqual({ kind: 'file', file: 'assets/index-3f2a.js' });
    expect(classifyPath('/favicon.svg')).toEqual({ kind: 'file', file: 'favicon.svg' });
    expect(classifyPath('/')).toEqual({ kind: 'page' });
    expect(classifyPath('/leads/6a1f0c7e-0000-4000-8000-000000000000')).toEqual({ kind: 'page' });
    expect(classifyPath('/api-docs')).toEqual({ kind: 'page' });
  });

  it('keeps file paths inside the app folder', () => {
    expect(classifyPath('/assets/../../secret.txt')).toEqual({ kind: 'file', file: 'secret.txt' });
  });
});

describe('the session written into the page', () => {
  it('cannot close its script element, whatever a name contains', () => {
    const script = sessionScript({ user: { name: '</script><script>alert(1)</script>' } });
    expect(script.match(/<\/script>/g)).toHaveLength(1);
    expect(script).toContain('\\u003c/script>');
  });
});
