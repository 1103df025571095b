#!/usr/bin/env node
/**
 * Clustering benchmark: 2,000 generated feed items (about 600 events, each reported by 1–6 of
 * 40 sources in varied wording, on one day) clustered by `clusterItems`, timed against a
 * baseline measured in the same run: the naive all-pairs pass (every pair scored with the
 * same similarity, no inverted index, no clustering). Prints ms, the ratio and the pairwise
 * and B-cubed F1 against the generator's ground truth; writes them to bench/results.json
 * under `clustering` (other keys kept). Build first: `npx tsc -p tsconfig.json`.
 *
 * The world is synthetic but built to be hard in the ways real feeds are: subjects recur
 * across kinds of event (a company recalls a product and also reports results the same day),
 * kinds recur across subjects (12 kinds, so some 55 rate decisions, fires or recalls in one day,
 * sharing boilerplate sentences: far denser in near misses than real feeds), headlines of one
 * event share few words, and descriptions are teasers of one to three sentences, sometimes
 * empty. Reports of one event appear within four hours of each other.
 */
import os from 'node:os';
import { clusterItems, similarityModel } from '../dist/stories/cluster.js';
import { saveResults } from './results.js';

const ITEMS = 2000;
const SOURCES = 40;
const DAY = Date.parse('2026-11-26T00:00:00Z');

/** Deterministic PRNG (mulberry32), so every run benchmarks the same world. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20261126);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

const SYLLABLES = ['var', 'to', 'kel', 'mir', 'an', 'dor', 'lux', 'ne', 'qua', 'ris', 'tal', 'ven', 'bro', 'sil', 'cor', 'mek', 'pra', 'zen', 'ol', 'fin', 'gar', 'hel', 'ix', 'jor', 'lan', 'mo', 'nor', 'pel', 'sa', 'tre', 'ul', 'wes', 'yor', 'bel', 'cas', 'dre'];
const cap = (s) => s[0].toUpperCase() + s.slice(1);
const usedNames = new Set();
function name(parts) {
  for (;;) {
    const n = cap(Array.from({ length: parts }, () => pick(SYLLABLES)).join(''));
    if (!usedNames.has(n)) {
      usedNames.add(n);
      return n;
    }
  }
}
const companies = Array.from({ length: 400 }, () => name(pick([2, 3])) + pick(['', '', ' Systems', ' Group', ' Motors', ' Pharma', ' Air', ' Bank', ' Energy', ' Foods']));
const people = Array.from({ length: 400 }, () => `${name(3)} ${name(2)}`);
const places = Array.from({ length: 300 }, () => name(pick([2, 3])));
const products = ['laptops', 'electric cars', 'baby formula', 'smartphones', 'heaters', 'e-bikes', 'insulin pens', 'air fryers', 'routers', 'tyres',
  'car seats', 'power banks', 'dishwashers', 'hair dryers', 'pressure cookers', 'toys', 'headphones', 'scooters', 'smoke alarms', 'kettles',
  'blood pressure monitors', 'garden chairs', 'ovens', 'baby monitors', 'treadmills', 'solar panels', 'drones', 'hoverboards', 'space heaters', 'cribs'];
const policies = ['pension reform', 'a fuel tax', 'school closures', 'a new mine', 'water privatisation', 'a curfew', 'rent rises', 'a new airport runway',
  'cuts to hospital funding', 'a media law', 'higher bus fares', 'a border wall'];

/**
 * Event kinds: facts to draw, then headline and sentence templates. Each item of an event takes
 * one headline and one to three sentences, so two reports of one event may share only the facts.
 */
const KINDS = [
  {
    facts: (take) => ({ co: take(companies), n: `${int(2, 99) / 10} million`, product: take(products), defect: pick(['overheating batteries', 'faulty brakes', 'a wiring fault', 'contamination']) }),
    titles: ['{co} recalls {n} {product}', '{co} pulls {product} over {defect}', 'Recall: {n} {product} affected by {defect}', '{co} shares fall after {product} recall', 'Owners told to stop using {co} {product}'],
    lines: ['{co} is recalling {n} {product} after reports of {defect}.', 'Customers can return the {product} for a full refund, the company said.', 'Regulators said {defect} had caused several incidents.', 'Shares in {co} fell after the announcement.'],
  },
  {
    facts: (take) => ({ co: take(companies), pct: int(5, 60), amount: `$${int(2, 40)} billion` }),
    titles: ['{co} profit jumps {pct}%', '{co} posts record quarterly earnings', '{co} beats forecasts as sales climb', 'Strong demand lifts {co} results', '{co} raises outlook after {pct}% profit rise'],
    lines: ['{co} reported quarterly profit up {pct}% on revenue of {amount}.', 'The company raised its full-year forecast.', 'Analysts had expected a smaller increase.', 'Its shares rose in early trading.'],
  },
  {
    facts: (take) => ({ co: take(companies), co2: take(companies), amount: `$${int(2, 90)}bn` }),
    titles: ['{co} to buy {co2} for {amount}', '{co} agrees {amount} takeover of {co2}', '{co2} accepts {co} offer', 'Deal: {co} swallows rival {co2}', '{co2} shareholders to get premium in {co} deal'],
    lines: ['{co} has agreed to acquire {co2} in a deal worth {amount}.', 'The takeover still needs approval from competition regulators.', "{co2}'s board recommended the offer to shareholders.", 'It is the largest deal in the sector this year.'],
  },
  {
    facts: (take) => ({ place: take(places), building: pick(['warehouse', 'factory', 'apartment block', 'shopping centre', 'port terminal']), n: int(20, 150) }),
    titles: ['Huge fire breaks out at {place} {building}', 'Blaze destroys {building} in {place}', '{n} firefighters battle {place} fire', 'Smoke over {place} as {building} burns', 'Residents told to keep windows shut after {place} blaze'],
    lines: ['More than {n} firefighters are tackling a fire at a {building} in {place}.', 'Residents were told to keep windows and doors closed because of thick smoke.', 'The cause of the blaze is not yet known.', 'No injuries have been reported so far.'],
  },
  {
    facts: (take) => ({ place: take(places), rate: `${int(5, 60) / 10 + 0.25}%`, who: pick(people) }),
    titles: ['{place} central bank cuts rates to {rate}', 'Borrowing costs fall in {place}', '{place} trims key interest rate', 'Rate cut in {place} as inflation eases', '{place} lowers benchmark rate to {rate}'],
    lines: ['The central bank of {place} lowered its main rate to {rate}.', 'Governor {who} said inflation was close to target.', 'Mortgage payments are expected to fall.', 'Economists had expected the move.'],
  },
  {
    facts: (take) => ({ place: take(places), m: `${int(50, 79) / 10}`, depth: int(10, 80) }),
    titles: ['Magnitude {m} earthquake strikes {place}', 'Strong quake shakes {place}', 'Tremor hits {place}, buildings evacuated', '{place} earthquake: residents flee into streets', 'Tsunami alert after {m} quake near {place}'],
    lines: ['A magnitude {m} earthquake struck near {place} at a depth of {depth} km.', 'Residents ran into the streets as buildings shook.', 'There were no immediate reports of serious damage.', 'Authorities briefly issued a tsunami warning.'],
  },
  {
    facts: (take) => ({ who: take(people), role: pick(['finance minister', 'health minister', 'chief executive', 'party leader', 'central bank governor']), reason: pick(['a scandal over expenses', 'leaked emails', 'poor health', 'a failed vote']) }),
    titles: ['{who} resigns as {role}', '{role} {who} quits', '{who} steps down after {reason}', 'Pressure tells as {who} quits', 'Resignation: {who} leaves after {reason}'],
    lines: ['{who} has resigned as {role} after {reason}.', 'A successor is expected to be named within days.', 'Opposition parties had called for the resignation.', 'The departure is the third this year.'],
  },
  {
    facts: (take) => ({ who: take(people), years: int(2, 15), co: pick(companies), amount: `€${int(10, 900)} million` }),
    titles: ['Former {co} boss {who} jailed for {years} years', '{who} sentenced over {co} fraud', 'Court sends ex-{co} chief to prison', 'Fraud trial ends with {years}-year term for {who}', '{who} guilty of hiding {amount} in losses'],
    lines: ['{who}, the former head of {co}, was jailed for {years} years.', 'The court found he had hidden {amount} in losses from investors.', 'The judge said he had shown no remorse.', 'His lawyers said they would appeal.'],
  },
  {
    facts: (take) => ({ team: `${take(places)} United`, team2: `${take(places)} City`, a: int(1, 4), b: int(0, 1), star: pick(people) }),
    titles: ['{team} beat {team2} {a}-{b}', '{star} double sends {team} through', '{team2} knocked out by {team}', '{team} into the final after win over {team2}', 'Cup: {team} {a} {team2} {b}'],
    lines: ['{star} scored twice as {team} beat {team2} {a}-{b}.', '{team} will play in the final next month.', 'The visitors had taken an early lead.', 'It was a first defeat in ten games for {team2}.'],
  },
  {
    facts: (take) => ({ co: take(companies), hours: int(2, 9), n: `${int(1, 40)} million` }),
    titles: ['{co} outage takes services offline', '{co} apologises after {hours}-hour failure', 'Millions hit as {co} goes down', 'Why apps stopped working this morning', '{co} blames configuration error for outage'],
    lines: ['A fault at {co} disrupted services for about {hours} hours.', 'Around {n} users were unable to log in.', 'The company blamed a faulty configuration change.', 'Banks and online shops were among those affected.'],
  },
  {
    facts: (take) => ({ place: take(places), n: `${int(5, 200)},000`, policy: pick(policies) }),
    titles: ['Thousands protest in {place} against {policy}', '{place} protest brings city to a standstill', 'Crowds march against {policy} in {place}', 'Police and unions disagree on {place} turnout', 'Anger over {policy} spills onto {place} streets'],
    lines: ['Tens of thousands protested in {place} against {policy}.', 'Organisers said {n} people took part.', 'Police reported several arrests.', 'The government said it would not change course.'],
  },
  {
    facts: (take) => ({ place: take(places), name: name(3), kmh: int(90, 180), homes: `${int(5, 90)},000` }),
    titles: ['Storm {name} brings {kmh} km/h winds to {place}', '{homes} homes without power as storm hits {place}', 'Storm {name}: what we know', 'Ferries cancelled as {name} batters coast', '{place} schools shut as Storm {name} arrives'],
    lines: ['Storm {name} brought gusts of {kmh} km/h to {place}.', 'About {homes} homes lost power overnight.', 'Forecasters issued a red warning.', 'Ferries and trains were cancelled.'],
  },
];

/** Generic sentences any report may carry: they are the noise a real teaser has. */
const FILLER = ['More details are expected later today.', 'The story is developing.', 'Officials did not respond to requests for comment.', 'Our correspondent has the latest.'];

function fill(template, facts) {
  return template.replace(/\{(\w+)\}/g, (_, k) => String(facts[k]));
}

/**
 * A value not yet used by this kind of event: one company recalls one product a day, one place
 * has one quake (a small pool, once used up, starts again).
 */
const usedByKind = new Map();
function take(pool, kind) {
  const used = usedByKind.get(kind) ?? new Set();
  usedByKind.set(kind, used);
  if (pool.every((x) => used.has(x))) for (const x of pool) used.delete(x);
  for (;;) {
    const x = pick(pool);
    if (!used.has(x)) {
      used.add(x);
      return x;
    }
  }
}

function shuffled(xs) {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** About 600 events with 1–6 reports each, cut to exactly ITEMS items. */
function generate() {
  const sources = Array.from({ length: SOURCES }, (_, i) => `https://source${i}.example/feed.xml`);
  const items = [];
  for (let e = 0; items.length < ITEMS; e++) {
    const kind = pick(KINDS);
    const facts = kind.facts((pool) => take(pool, kind));
    const start = DAY + rand() * 20 * 3_600_000;
    const reports = Math.min(ITEMS - items.length, pick([1, 1, 2, 2, 3, 3, 4, 5, 6]));
    const titles = shuffled(kind.titles);
    const outlets = shuffled(sources).slice(0, reports);
    for (let r = 0; r < reports; r++) {
      const title = titles[r % titles.length];
      // A headline without a name or figure ("Why apps stopped working this morning") comes with a teaser that has one.
      const lines = shuffled(kind.lines).slice(0, int(1, 3));
      if (!title.includes('{') && !lines.some((l) => l.includes('{'))) lines.unshift(kind.lines[0]);
      if (rand() < 0.3) lines.push(pick(FILLER));
      const teaserless = title.includes('{') && rand() < 0.1;
      items.push({
        id: `e${e}-r${r}`,
        event: e,
        sourceUrl: outlets[r],
        title: fill(title, facts),
        text: teaserless ? '' : lines.map((l) => fill(l, facts)).join(' '),
        publishedAt: new Date(start + rand() * 4 * 3_600_000).toISOString(),
      });
    }
  }
  return items;
}

/** Pairwise precision/recall/F1 and B-cubed F1 of `clusters` against the items' `event`. */
function scores(items, clusters) {
  const eventOf = new Map(items.map((i) => [i.id, i.event]));
  const clusterOf = new Map();
  clusters.forEach((c, k) => c.forEach((id) => clusterOf.set(id, k)));
  const byEvent = new Map();
  for (const i of items) byEvent.set(i.event, (byEvent.get(i.event) ?? 0) + 1);
  let together = 0;
  let correct = 0;
  let bp = 0;
  let br = 0;
  for (const c of clusters) {
    const counts = new Map();
    for (const id of c) counts.set(eventOf.get(id), (counts.get(eventOf.get(id)) ?? 0) + 1);
    together += (c.length * (c.length - 1)) / 2;
    for (const [event, k] of counts) {
      correct += (k * (k - 1)) / 2;
      bp += (k * k) / c.length;
      br += (k * k) / byEvent.get(event);
    }
  }
  const same = [...byEvent.values()].reduce((s, k) => s + (k * (k - 1)) / 2, 0);
  const precision = together ? correct / together : 1;
  const recall = same ? correct / same : 1;
  const f1 = (p, r) => (p + r ? (2 * p * r) / (p + r) : 0);
  const bcubed = { precision: bp / items.length, recall: br / items.length };
  return { precision, recall, f1: f1(precision, recall), bcubedF1: f1(bcubed.precision, bcubed.recall) };
}

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const items = generate();
const events = new Set(items.map((i) => i.event)).size;

// Baseline: every pair scored, as a clusterer without the inverted index would have to.
let baselineMs;
{
  const start = process.hrtime.bigint();
  const sim = similarityModel(items);
  let sum = 0;
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) sum += sim(items[i].id, items[j].id);
  baselineMs = ms(start);
  if (Number.isNaN(sum)) throw new Error('similarity returned NaN');
}

const runs = [];
let clusters = [];
for (let k = 0; k < 5; k++) {
  const start = process.hrtime.bigint();
  clusters = clusterItems(items);
  runs.push(ms(start));
}
const clusterMs = median(runs);
const quality = scores(items, clusters);

// The embedding path (--embed-model): the same items with 768-dimension vectors, as
// nomic-embed-text gives. Synthetic (each item = a "news" direction shared by all + its event's
// direction + noise: cosine ≈ 0.45 across events, ≈ 0.85 within one), so this times the path and
// says nothing of any real model's quality.
const DIMENSIONS = 768;
const embeddings = syntheticEmbeddings(items, DIMENSIONS);
const embeddedRuns = [];
let embeddedClusters = [];
for (let k = 0; k < 3; k++) {
  const start = process.hrtime.bigint();
  embeddedClusters = clusterItems(items, { embeddings });
  embeddedRuns.push(ms(start));
}
const embeddedMs = median(embeddedRuns);

function syntheticEmbeddings(list, dims) {
  const rand = prng(99);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const unit = () => {
    const v = Array.from({ length: dims }, gaussian);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  const common = unit();
  const byEvent = new Map();
  const out = new Map();
  for (const item of list) {
    if (!byEvent.has(item.event)) byEvent.set(item.event, unit());
    const event = byEvent.get(item.event);
    const noise = unit();
    const v = Float32Array.from(common, (c, i) => Math.sqrt(0.45) * c + Math.sqrt(0.4) * event[i] + Math.sqrt(0.15) * noise[i]);
    const norm = Math.hypot(...v);
    out.set(item.id, v.map((x) => x / norm));
  }
  return out;
}

const clustering = {
  items: items.length,
  events,
  sources: SOURCES,
  clusters: clusters.length,
  clusterMs,
  allPairsBaselineMs: baselineMs,
  ratio: clusterMs / baselineMs,
  pairwise: { precision: quality.precision, recall: quality.recall, f1: quality.f1 },
  bcubedF1: quality.bcubedF1,
  withEmbeddings: { dimensions: DIMENSIONS, clusterMs: embeddedMs, clusters: embeddedClusters.length, ratioToLexical: embeddedMs / clusterMs },
};

const fmt = (x) => x.toFixed(3);
console.log(`clustering ${items.length} items (${events} events, ${SOURCES} sources) → ${clusters.length} clusters`);
console.log(`  clusterItems        ${clusterMs.toFixed(1)} ms (median of ${runs.length})`);
console.log(`  all-pairs baseline  ${baselineMs.toFixed(1)} ms (${((items.length * (items.length - 1)) / 2).toLocaleString('en')} similarities)`);
console.log(`  ratio               ${fmt(clustering.ratio)}`);
console.log(`  pairwise P ${fmt(quality.precision)} R ${fmt(quality.recall)} F1 ${fmt(quality.f1)} · B-cubed F1 ${fmt(quality.bcubedF1)}`);
console.log(`  with ${DIMENSIONS}-dimension embeddings (synthetic: timing only) ${embeddedMs.toFixed(1)} ms (median of ${embeddedRuns.length}) = ${fmt(embeddedMs / clusterMs)}× the lexical run; ${embeddedClusters.length} clusters`);

saveResults('clustering', { machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`, date: new Date().toISOString(), ...clustering });
