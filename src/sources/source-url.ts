/** Checks that a source is an absolute http(s) URL and returns it in normal form. */
export function normalizeSourceUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(`"${text}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`"${text}" is not an http(s) URL`);
  }
  url.hash = '';
  return url.href;
}
