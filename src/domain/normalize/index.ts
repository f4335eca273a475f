export { normalizeCompanyName } from './company-name.js';
export { normalizeCountry } from './country.js';
export { registrableDomain } from './domain.js';
export { type DomainLists, type EmailResult, emailFacts, normalizeEmail } from './email.js';
export {
  type LeadFieldsResult,
  type NormalizeLeadOptions,
  type RawLeadFields,
  type RawTouchFields,
  type RawValue,
  normalizeLeadFields,
} from './lead-input.js';
export { mergeProfiles } from './merge-profiles.js';
export { type PhoneResult, normalizePhone } from './phone.js';
