#!/usr/bin/env node
/**
 * The extractive summarizer against human summaries: the 90 CNN/DailyMail articles of
 * ../shared/data/summaries/dev.jsonl (skipped when absent), scored as that data's README says:
 * ROUGE-1, ROUGE-2 and summary-level ROUGE-L F1 on lowercased alphanumeric tokens with Porter
 * stemming, of the summary and the key points' text joined together. The baseline, measured in
 * the same run with the same scorer: LEAD-3, the article's first three sentences.
 * Prints a table; writes the figures into bench/results.json under `summaries` (keeping the rest).
 * Run by `node bench/summaries.js` (after a build) and by `npm run bench`.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stemmer } from 'stemmer';
import { summarizeExtractive, stripDateline } from '../dist/summarize/extractive.js';
import { splitSentences } from '../dist/summarize/sentences.js';
import { saveResults } from './results.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = path.join(ROOT, '..', 'shared', 'data', 'summaries', 'dev.jsonl');

/** Tokens as the usual ROUGE scorer makes them: lowercase, runs of [a-z0-9], words over 3 letters stemmed. */
function tokens(text) {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).map((t) => (t.length > 3 ? stemmer(t) : t));
}

function counts(list, n) {
  const out = new Map();
  for (let i = 0; i + n <= list.length; i++) {
    const gram = list.slice(i, i + n).join(' ');
    out.set(gram, (out.get(gram) ?? 0) + 1);
  }
  return out;
}

const f1 = (hits, candidate, reference) => {
  const p = candidate ? hits / candidate : 0;
  const r = reference ? hits / reference : 0;
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
};

/** ROUGE-N F1 of two texts. */
function rougeN(candidate, reference, n) {
  const c = counts(tokens(candidate), n);
  const r = counts(tokens(reference), n);
  let hits = 0;
  for (const [gram, k] of c) hits += Math.min(k, r.get(gram) ?? 0);
  const total = (m) => [...m.values()].reduce((a, b) => a + b, 0);
  return f1(hits, total(c), total(r));
}

/** Positions in `b` of one longest common subsequence of `a` and `b`. */
function lcsPositions(a, b) {
  const table = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) table[i][j] = a[i - 1] === b[j - 1] ? table[i - 1][j - 1] + 1 : Math.max(table[i - 1][j], table[i][j - 1]);
  }
  const hits = new Set();
  for (let i = a.length, j = b.length; i > 0 && j > 0; ) {
    if (a[i - 1] === b[j - 1]) {
      hits.add(j - 1);
      i--;
      j--;
    } else if (table[i - 1][j] >= table[i][j - 1]) i--;
    else j--;
  }
  return hits;
}

/** Summary-level ROUGE-L F1 (ROUGE-Lsum): for each reference sentence, the union of its LCS with every candidate sentence. */
function rougeLsum(candidateSentences, referenceSentences) {
  const candidates = candidateSentences.map(tokens);
  let hits = 0;
  let referenceLength = 0;
  for (const reference of referenceSentences.map(tokens)) {
    referenceLength += reference.length;
    const union = new Set();
    for (const candidate of candidates) for (const position of lcsPositions(candidate, reference)) union.add(position);
    hits += union.size;
  }
  return f1(hits, candidates.flat().length, referenceLength);
}

/** Mean ROUGE-1/2/Lsum (×100) and words of `pick(article)` over the articles. */
function score(articles, pick) {
  const sum = { rouge1: 0, rouge2: 0, rougeL: 0, words: 0 };
  for (const article of articles) {
    const sentences = pick(article);
    const text = sentences.join('\n');
    const reference = article.reference.split('\n');
    sum.rouge1 += rougeN(text, article.reference, 1);
    sum.rouge2 += rougeN(text, article.reference, 2);
    sum.rougeL += rougeLsum(sentences, reference);
    sum.words += tokens(text).length;
  }
  const mean = (x) => x / articles.length;
  return { rouge1: 100 * mean(sum.rouge1), rouge2: 100 * mean(sum.rouge2), rougeL: 100 * mean(sum.rougeL), words: mean(sum.words) };
}

export function runSummariesBench() {
  if (!existsSync(DATA)) {
    console.log(`summaries: skipped (no development set at ${DATA})`);
    return;
  }
  const articles = readFileSync(DATA, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
  const brief = score(articles, (a) => {
    const s = summarizeExtractive({ title: '', text: a.text, lang: 'en' });
    return [s.summary, ...s.keyPoints.map((k) => k.text)].flatMap((t) => splitSentences(t, 'en'));
  });
  const lead3 = score(articles, (a) => splitSentences(stripDateline(a.text), 'en').slice(0, 3));
  const r = {
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    date: new Date().toISOString(),
    articles: articles.length,
    brief,
    lead3,
    rouge1Difference: brief.rouge1 - lead3.rouge1,
  };
  const row = (name, x) => `  ${name.padEnd(36)} ${x.rouge1.toFixed(1).padStart(5)} ${x.rouge2.toFixed(1).padStart(5)} ${x.rougeL.toFixed(1).padStart(5)}   ${x.words.toFixed(0).padStart(4)}`;
  console.log(`summaries: ${articles.length} CNN/DailyMail articles against their human highlights (F1 ×100)`);
  console.log(`  ${''.padEnd(36)} ROUGE-1   -2   -Lsum  words`);
  console.log(row('brief extractive (summary + points)', brief));
  console.log(row('LEAD-3 (first three sentences)', lead3));
  console.log(`  brief − LEAD-3: ${r.rouge1Difference >= 0 ? '+' : ''}${r.rouge1Difference.toFixed(1)} ROUGE-1 (differences under about 1.5 are noise on 90 articles)`);
  saveResults('summaries', r);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runSummariesBench();
