/** Invented people and companies for the demo workspace (any likeness is coincidence). */
export const FIRST_NAMES = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Emeka', 'Fatima', 'Grace', 'Hiro', 'Ingrid', 'José', 'Kavya', 'Liam', 'Mei', 'Noah', 'Olga', 'Priya', 'Quinn', 'Rafael', 'Sofia', 'Tomás', 'Uma', 'Viktor', 'Wen', 'Xavier', 'Yara', 'Zoë'];
export const LAST_NAMES = ['Abbott', 'Bauer', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Hughes', 'Ivanova', 'Jensen', 'Kowalski', 'López', 'Müller', 'Nakamura', 'Okafor', 'Patel', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka', 'Usman', 'Varga', 'Walsh', 'Xu', 'Yilmaz', 'Zhang'];
export const TITLES = ['VP Sales', 'Head of Marketing', 'Director of Revenue Operations', 'Marketing Manager', 'Sales Operations Analyst', 'CEO', 'CTO', 'Growth Lead', 'Account Executive', 'Student', 'Consultant', 'Head of Demand Generation'];

export interface SampleCompany {
  name: string;
  domain: string;
  size: number;
  industry: string;
  country: string;
  state?: string;
}

export const COMPANIES: SampleCompany[] = [
  { name: 'Northwind Traders', domain: 'northwind-traders.com', size: 1800, industry: 'retail', country: 'US', state: 'WA' },
  { name: 'Contoso Health', domain: 'contoso-health.com', size: 5200, industry: 'healthcare', country: 'US', state: 'NY' },
  { name: 'Fabrikam Robotics', domain: 'fabrikam-robotics.com', size: 420, industry: 'manufacturing', country: 'US', state: 'MI' },
  { name: 'Tailspin Analytics', domain: 'tailspin-analytics.io', size: 85, industry: 'software', country: 'CA' },
  { name: 'Wingtip Logistics GmbH', domain: 'wingtip-logistik.de', size: 950, industry: 'logistics', country: 'DE' },
  { name: 'Litware Ltd', domain: 'litware.co.uk', size: 230, industry: 'software', country: 'GB' },
  { name: 'Adatum Financial', domain: 'adatum-financial.com', size: 3100, industry: 'financial services', country: 'US', state: 'IL' },
  { name: 'Proseware SAS', domain: 'proseware.fr', size: 140, industry: 'software', country: 'FR' },
  { name: 'Lucerne Publishing', domain: 'lucerne-publishing.com', size: 60, industry: 'media', country: 'US', state: 'CA' },
  { name: 'Blue Yonder Airlines', domain: 'blueyonder-air.com', size: 12000, industry: 'travel', country: 'US', state: 'TX' },
  { name: 'Coho Vineyard', domain: 'coho-vineyard.com', size: 35, industry: 'food and beverage', country: 'US', state: 'OR' },
  { name: 'Humongous Insurance', domain: 'humongous-insurance.com', size: 7600, industry: 'insurance', country: 'US', state: 'CT' },
  { name: 'Trey Research BV', domain: 'treyresearch.nl', size: 310, industry: 'biotech', country: 'NL' },
  { name: 'Woodgrove Bank', domain: 'woodgrove-bank.ca', size: 2400, industry: 'financial services', country: 'CA' },
  { name: 'State University', domain: 'state-university.edu', size: 9000, industry: 'education', country: 'US', state: 'OH' },
  { name: 'City of Springfield', domain: 'springfield-city.gov', size: 1500, industry: 'government', country: 'US', state: 'IL' },
  { name: 'Alpine Ski House AG', domain: 'alpineskihouse.ch', size: 75, industry: 'travel', country: 'CH' },
  { name: 'Relecloud', domain: 'relecloud.com', size: 640, industry: 'software', country: 'US', state: 'CO' },
];

export const FREE_EMAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com'];

export const SOURCES = [
  { channel: 'paid_search', utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'brand-q4' },
  { channel: 'paid_social', utm_source: 'linkedin', utm_medium: 'paid_social', utm_campaign: 'revops-guide' },
  { channel: 'organic', utm_source: 'google', utm_medium: 'organic' },
  { channel: 'webinar', utm_source: 'webinar', utm_medium: 'event', utm_campaign: 'speed-to-lead-webinar' },
  { channel: 'referral', utm_source: 'partner', utm_medium: 'referral', utm_campaign: 'partner-program' },
  { channel: 'email', utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'november-newsletter' },
];

export const PAGES = [
  { url: 'https://baton.example/pricing', title: 'Pricing' },
  { url: 'https://baton.example/product/routing', title: 'Routing' },
  { url: 'https://baton.example/docs/getting-started', title: 'Getting started' },
  { url: 'https://baton.example/blog/speed-to-lead', title: 'Why speed to lead matters' },
  { url: 'https://baton.example/customers', title: 'Customers' },
];

export const ANSWERS = {
  budget: ['under 10k', '10k-50k', '50k-100k', 'over 100k'],
  timeline: ['this quarter', 'next quarter', 'this year', 'just researching'],
};
