import { gzipSync } from 'node:zlib';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { compact, renderSnippet } from './snippet.js';

const config = { key: 'pk_northwind_www', endpoint: 'https://baton.northwind.example', consent: true, identify: true, delay: 1_000 };

describe('the tracking snippet', () => {
  it('adds under 5 KB gzipped to a page', () => {
    const gzipped = gzipSync(renderSnippet(config), { level: 9 }).length;
    expect(gzipped).toBeLessThan(5 * 1024);
  });

  it('is valid JavaScript with the site\'s settings written in', () => {
    const source = renderSnippet(config);
    expect(() => new vm.Script(source)).not.toThrow();
    expect(source).toContain(JSON.stringify(config));
    expect(source).not.toContain('BATON_CONFIG');
  });

  it('drops comment lines and indentation only', () => {
    expect(compact('  // why\n  var a = 1;\n\n    call(a); // keep\n')).toBe('var a = 1;\ncall(a); // keep');
  });
});
