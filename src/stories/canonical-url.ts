/** Query parameters that only track the click and never change the page. */
const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|mkt_tok|oly_enc_id|oly_anon_id|vero_id|ref_src|cmpid|at_medium|at_campaign|ito|ns_source|ns_mchannel|ns_campaign|ocid|smid|sr_share|taid)$/i;

/**
 * The URL that identifies an article: tracking parameters, the fragment, default ports and a
 * trailing slash removed; host lowercased; query sorted; an AMP variant turned into the page it
 * mirrors. Same canonical URL = same article. Conservative: two different articles never get
 * the same canonical URL (an AMP form that is not recognised is simply kept).
 */
export function canonicalUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(unwrapAmpCache(url));
  } catch {
    return url;
  }
  u.hash = '';
  for (const key of [...u.searchParams.keys()]) if (TRACKING.test(key)) u.searchParams.delete(key);
  stripAmp(u);
  u.searchParams.sort();
  if (u.pathname.length > 1 && u.pathname.endsWith('/')) u.pathname = u.pathname.replace(/\/+$/, '');
  return u.href.replace(/\?$/, '');
}

/**
 * The canonical URL of an article given the feed's link and what the page itself declares
 * (`<link rel="canonical">` or `og:url`, possibly relative). The page's word wins, unless it
 * is unusable: not http(s), or the site's home page (a common CMS fault that would merge every
 * article of the site).
 */
export function articleUrl(feedUrl: string, declared?: string): string {
  if (declared) {
    try {
      const d = new URL(declared, feedUrl);
      if ((d.protocol === 'https:' || d.protocol === 'http:') && d.pathname.replace(/\/+$/, '') !== '') return canonicalUrl(d.href);
    } catch {
      // an unparseable declaration is ignored
    }
  }
  return canonicalUrl(feedUrl);
}

/**
 * A page served from an AMP cache or viewer → the publisher's URL:
 * `https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a` and
 * `https://www.google.com/amp/s/www.example.com/a` → `https://www.example.com/a`.
 */
function unwrapAmpCache(url: string): string {
  const m =
    /^https?:\/\/[^/]+\.cdn\.ampproject\.org\/[cv]\/(s\/)?([^/?#]+.*)$/i.exec(url) ??
    /^https?:\/\/(?:www\.)?google\.[a-z.]+\/amp\/(s\/)?([^/?#]+.*)$/i.exec(url);
  return m ? `${m[1] ? 'https' : 'http'}://${m[2]}` : url;
}

/** AMP markers in host, path and query, removed in place. */
function stripAmp(u: URL): void {
  if (/^amp\.[^.]+\.[^.]+/i.test(u.hostname)) u.hostname = u.hostname.slice(4);
  const path = u.pathname
    .split('/')
    .filter((segment, i, all) => segment.toLowerCase() !== 'amp' || (i === all.length - 1 && all.length === 2))
    .join('/')
    .replace(/\.amp(\.html?)$/i, '$1')
    .replace(/\.amp$/i, '');
  u.pathname = path || '/';
  const amp = u.searchParams.get('amp');
  if (amp !== null && /^(|1|true)$/i.test(amp)) u.searchParams.delete('amp');
  if (u.searchParams.get('outputType')?.toLowerCase() === 'amp') u.searchParams.delete('outputType');
}
