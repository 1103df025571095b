/** Query parameters that only track the click and never change the page. */
const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|mkt_tok|oly_enc_id|oly_anon_id|vero_id|ref_src|cmpid|at_medium|at_campaign|ito|ns_source|ns_mchannel|ns_campaign|ocid|smid|sr_share|taid)$/i;

/**
 * The URL that identifies an article: tracking parameters, the fragment, default
 * ports and a trailing slash removed; host lowercased. Same canonical URL = same article.
 */
export function canonicalUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  u.hash = '';
  for (const key of [...u.searchParams.keys()]) if (TRACKING.test(key)) u.searchParams.delete(key);
  u.searchParams.sort();
  if (u.pathname.length > 1 && u.pathname.endsWith('/')) u.pathname = u.pathname.replace(/\/+$/, '');
  return u.href.replace(/\?$/, '');
}
