import { readFileSync } from 'node:fs';
import { UsageError, errorLine } from '../../errors.js';

export interface Input {
  /** The text, decoded. */
  text: string;
  /** The URL to resolve links against and to report as the article's URL. */
  url: string;
  contentType?: string;
  label: string;
}

/** Reads a URL (through brief's HTTP client), a file, or standard input ("-"). */
export async function readInput(arg: string, baseUrl: string | undefined): Promise<Input> {
  if (/^https?:\/\//i.test(arg)) {
    const [{ createHttpClient }, { USER_AGENT }] = await Promise.all([import('../../fetch/http-client.js'), import('../../version.js')]);
    const http = createHttpClient({ userAgent: USER_AGENT });
    try {
      const response = await http.get(arg, { accept: 'text/html, */*;q=0.5' });
      if (response.kind !== 'ok') throw new Error('unexpected 304');
      return { text: response.text, url: baseUrl ?? response.finalUrl, contentType: response.contentType, label: arg };
    } catch (err) {
      throw new UsageError(`cannot fetch ${arg}: ${errorLine(err)}`);
    } finally {
      await http.close();
    }
  }
  let bytes: Buffer;
  try {
    bytes = arg === '-' ? readFileSync(0) : readFileSync(arg);
  } catch (err) {
    throw new UsageError(`cannot read ${arg === '-' ? 'standard input' : arg}: ${errorLine(err)}`);
  }
  const { decodeBody } = await import('../../fetch/decode.js');
  const { text } = decodeBody(bytes);
  const url = baseUrl ?? (arg === '-' ? 'http://localhost/' : new URL(`file://${process.cwd()}/`).href);
  if (baseUrl !== undefined) {
    try {
      new URL(baseUrl);
    } catch {
      throw new UsageError(`invalid --url "${baseUrl}": an absolute URL is needed`);
    }
  }
  return { text, url: arg === '-' || baseUrl ? url : new URL(arg, url).href, label: arg === '-' ? 'standard input' : arg };
}

export function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])/i.test(text) || /<(p|div|article|body)[\s>]/i.test(text.slice(0, 5000));
}
