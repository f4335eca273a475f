import { describe, expect, it } from 'vitest';
import { normalizeCompanyName } from './company-name.js';

describe('normalizeCompanyName', () => {
  it('writes "Acme, Inc.", "ACME Inc" and "The Acme Company" alike', () => {
    expect(normalizeCompanyName('Acme, Inc.')).toBe('acme');
    expect(normalizeCompanyName('ACME Inc')).toBe('acme');
    expect(normalizeCompanyName('The Acme Company')).toBe('acme');
  });

  it.each([
    ['Müller GmbH', 'muller'],
    ['Müller GmbH & Co. KG', 'muller'],
    ['Acme Pty Ltd', 'acme'],
    ['Acme S.A.', 'acme'],
    ['Acme S. A.', 'acme'],
    ['Acme, L.L.C.', 'acme'],
    ['Øresund AS', 'oresund'],
    ['Procter & Gamble Co.', 'procter and gamble'],
    ['Société Générale SA', 'societe generale'],
  ])('reads %j as %j', (name, normalized) => {
    expect(normalizeCompanyName(name)).toBe(normalized);
  });

  it('keeps "group", which often names a different company', () => {
    expect(normalizeCompanyName('Acme Group Ltd')).toBe('acme group');
  });

  it('keeps a name that is nothing but a legal form', () => {
    expect(normalizeCompanyName('The Company')).toBe('company');
  });

  it('keeps names in non-Latin scripts', () => {
    expect(normalizeCompanyName('李宁有限公司')).toBe('李宁有限公司');
    expect(normalizeCompanyName('株式会社 ソニー')).toBe('株式会社 ソニー');
  });

  it('treats an SQL-looking name as plain words', () => {
    expect(normalizeCompanyName("Robert'); DROP TABLE leads;--")).toBe('robert drop table leads');
  });
});
