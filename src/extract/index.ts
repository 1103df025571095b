/**
 * The extract stage: find a page's article and decide between it and the feed's text.
 * Nothing heavy loads with this module; jsdom is imported on the first extraction.
 */
export type { PageExtraction } from './readability.js';
export { chooseArticle, MIN_ARTICLE_WORDS, type ChooseInput } from './choose-article.js';
export { createInProcessExtractor, type Extractor } from './extractor.js';
export { countWords, htmlToText, readMinutes } from './html-text.js';
export { createWorkerExtractor } from './worker-extractor.js';
