/**
 * Known crawlers, link previewers, monitors and scripted clients, by user agent. Their page
 * views are dropped before they reach the database: a search engine reading the pricing page
 * is not a buyer. Headless browsers count as bots too (a real visitor's browser has a head).
 * A browser that lies about its user agent gets past this; the honeypot field on forms and the
 * rate limits are the other two nets.
 */
const BOT_USER_AGENT = new RegExp(
  [
    'bot\\b', 'bot/', 'crawl', 'spider', 'slurp', 'mediapartners', 'facebookexternalhit', 'embedly', 'quora link preview',
    'whatsapp', 'telegram', 'skypeuripreview', 'bingpreview', 'preview', 'pingdom', 'uptime', 'monitor', 'lighthouse',
    'pagespeed', 'gtmetrix', 'headlesschrome', 'phantomjs', 'puppeteer', 'playwright', 'selenium', 'python-requests',
    'python-urllib', 'aiohttp', 'curl/', 'wget/', 'go-http-client', 'okhttp', 'java/', 'libwww', 'httpclient', 'axios/',
    'node-fetch', 'undici', 'scrapy', 'ahrefs', 'semrush', 'mj12', 'dotbot', 'petalbot', 'yandex', 'baiduspider', 'duckduck',
    'applebot', 'gptbot', 'chatgpt', 'claudebot', 'ccbot', 'bytespider', 'amazonbot', 'perplexity',
  ].join('|'),
  'i',
);

/** True for a user agent that is not a person's browser (missing counts as a bot). */
export function isBotUserAgent(userAgent: string | undefined): boolean {
  if (!userAgent || userAgent.length < 10) return true;
  return BOT_USER_AGENT.test(userAgent);
}
