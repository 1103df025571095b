import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  clusterItems,
  similarity,
  similarityModel,
  embeddingText,
  DEFAULT_CLUSTER_THRESHOLD,
  type ClusterItem,
} from '../../src/stories/cluster.js';
import { tokenize } from '../../src/stories/terms.js';

interface World {
  description: string;
  date: string;
  sources: Record<string, { name: string; url: string }>;
  items: Array<{ event: string; source: string; time: string; title: string; text: string }>;
}

interface LabelledItem extends ClusterItem {
  event: string;
  sourceName: string;
}

function loadWorld(name: string): { world: World; items: LabelledItem[] } {
  const world = JSON.parse(readFileSync(new URL(`../fixtures/stories/${name}.json`, import.meta.url), 'utf8')) as World;
  const items = world.items.map((it, i) => ({
    id: `${it.source}-${String(i).padStart(2, '0')}`,
    sourceUrl: world.sources[it.source]!.url,
    sourceName: world.sources[it.source]!.name,
    title: it.title,
    text: it.text,
    publishedAt: `${world.date}T${it.time}:00Z`,
    event: it.event,
  }));
  return { world, items };
}

/** Pairwise precision/recall/F1 and B-cubed F1 of `clusters` against the items' events. */
function score(items: readonly LabelledItem[], clusters: string[][]) {
  const eventOf = new Map(items.map((i) => [i.id, i.event]));
  const eventSize = new Map<string, number>();
  for (const i of items) eventSize.set(i.event, (eventSize.get(i.event) ?? 0) + 1);
  let together = 0;
  let correct = 0;
  let bPrecision = 0;
  let bRecall = 0;
  for (const c of clusters) {
    const counts = new Map<string, number>();
    for (const id of c) counts.set(eventOf.get(id)!, (counts.get(eventOf.get(id)!) ?? 0) + 1);
    together += (c.length * (c.length - 1)) / 2;
    for (const [event, k] of counts) {
      correct += (k * (k - 1)) / 2;
      bPrecision += (k * k) / c.length;
      bRecall += (k * k) / eventSize.get(event)!;
    }
  }
  const same = [...eventSize.values()].reduce((s, k) => s + (k * (k - 1)) / 2, 0);
  const f1 = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);
  const precision = together ? correct / together : 1;
  const recall = same ? correct / same : 1;
  return { precision, recall, f1: f1(precision, recall), bcubedF1: f1(bPrecision / items.length, bRecall / items.length) };
}

function report(name: string, items: readonly LabelledItem[], clusters: string[][]) {
  const s = score(items, clusters);
  const events = new Set(items.map((i) => i.event)).size;
  const sources = new Set(items.map((i) => i.sourceUrl)).size;
  console.log(
    `${name}: ${items.length} items, ${sources} sources, ${events} events → ${clusters.length} clusters · ` +
      `pairwise P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)} · B-cubed F1 ${s.bcubedF1.toFixed(3)}`,
  );
  return s;
}

const clusterOf = (clusters: string[][]) => new Map(clusters.flatMap((c, k) => c.map((id) => [id, k] as const)));

test('world A (tuning world, 12 sources, 32 events of 1–4 sources): each cluster printed with its sources, clustering F1 ≥ 0.95', () => {
  const { items } = loadWorld('world-a');
  const clusters = clusterItems(items);
  const s = report('world A', items, clusters);
  const byId = new Map(items.map((i) => [i.id, i]));
  for (const c of clusters) {
    const first = byId.get(c[0]!)!;
    console.log(`  ${first.title} — ${c.length} source${c.length > 1 ? 's' : ''}: ${c.map((id) => byId.get(id)!.sourceName).join(', ')}`);
  }
  assert.ok(s.f1 >= 0.95, `pairwise F1 ${s.f1.toFixed(3)}`);
  assert.ok(s.bcubedF1 >= 0.95, `B-cubed F1 ${s.bcubedF1.toFixed(3)}`);
  // One entry per event: no event split over two clusters, no cluster holding two events.
  const events = clusters.map((c) => new Set(c.map((id) => byId.get(id)!.event)));
  assert.deepEqual(events.filter((e) => e.size > 1), [], 'a cluster holds two events');
  assert.equal(clusters.length, new Set(items.map((i) => i.event)).size, 'an event is split over two clusters');
});

test('world C (second tuning world, 10 sources): clustering F1 printed, ≥ 0.8', () => {
  const { items } = loadWorld('world-c');
  const s = report('world C', items, clusterItems(items));
  assert.ok(s.f1 >= 0.8, `pairwise F1 ${s.f1.toFixed(3)}`);
});

test('world B (first holdout; its misses were looked at in the second round of changes): clustering F1 printed, ≥ 0.65', () => {
  // The lexical method misses reports that share almost no words ("Swiss voters reject six-lane
  // motorway plan" / "Referendum defeat for Bern's road-building plan"); embeddings are the cure.
  const { items } = loadWorld('world-b');
  const s = report('world B', items, clusterItems(items));
  assert.ok(s.f1 >= 0.65, `pairwise F1 ${s.f1.toFixed(3)}`);
  assert.equal(s.precision, 1);
});

test('world D (12 sources, written blind by a helper who never saw the method): clustering F1 printed, ≥ 0.7, no false merge', () => {
  const { items } = loadWorld('world-d');
  const s = report('world D', items, clusterItems(items));
  assert.ok(s.f1 >= 0.7, `pairwise F1 ${s.f1.toFixed(3)}`);
  assert.equal(s.precision, 1);
});

test('world E (12 sources, written blind by a helper; its tabloid and explainer headlines share few words): F1 printed, no false merge', () => {
  // As delivered, before anything was changed after seeing it: F1 0.530, precision 0.969 (a
  // launch and an outage shared the "14" of two times of day, now ignored).
  const { items } = loadWorld('world-e');
  const s = report('world E', items, clusterItems(items));
  assert.ok(s.f1 >= 0.5, `pairwise F1 ${s.f1.toFixed(3)}`);
  assert.equal(s.precision, 1);
});

test('near misses stay apart: same company, place, person or topic, another event', () => {
  const { items } = loadWorld('world-a');
  const where = clusterOf(clusterItems(items));
  const clustersOfEvent = (event: string) => new Set(items.filter((i) => i.event === event).map((i) => where.get(i.id)));
  const nearMisses = [
    ['vantor-recall', 'vantor-factory'],
    ['halden-port-fire', 'halden-tram'],
    ['riverside-cup', 'riverside-contract'],
    ['norland-election', 'norland-energy-cap'],
    ['norland-rate-cut', 'eastmark-rate-hold'],
    ['skylark-order', 'skylark-diversion'],
    ['orbitel-fine', 'orbitel-assistant'],
    ['chile-quake', 'iceland-eruption'],
  ];
  for (const [a, b] of nearMisses) {
    const shared = [...clustersOfEvent(a!)].filter((k) => clustersOfEvent(b!).has(k));
    assert.deepEqual(shared, [], `${a} and ${b} share a cluster`);
  }
});

test('the same event under very different headlines is one story', () => {
  const { items } = loadWorld('world-a');
  const where = clusterOf(clusterItems(items));
  const find = (title: string) => where.get(items.find((i) => i.title === title)!.id);
  assert.equal(find('Laptop maker orders worldwide recall after a dozen fires'), find('Vantor recalls 1.2 million laptops over battery fire risk'));
  assert.equal(find('Borrowing costs fall again as inflation eases'), find('Norland central bank cuts rates to 3.25%'));
  assert.equal(find('Commuters stranded as train drivers walk out'), find('Rail workers stage 48-hour strike over pay'));
  assert.equal(find('Fallen banker Lunde gets prison term'), find('Ex-Halvard Bank chief jailed for seven years over fraud'));
});

test('deterministic: any input order gives the same groups, ordered by date then id', () => {
  const { items } = loadWorld('world-a');
  const expected = clusterItems(items);
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 5; round++) {
    const shuffled = [...items].sort(() => random() - 0.5);
    assert.deepEqual(clusterItems(shuffled), expected);
  }
  const byId = new Map(items.map((i) => [i.id, i]));
  const key = (id: string) => `${byId.get(id)!.publishedAt} ${id}`;
  for (const c of expected) assert.deepEqual(c, [...c].sort((a, b) => key(a).localeCompare(key(b))));
  const firsts = expected.map((c) => key(c[0]!));
  assert.deepEqual(firsts, [...firsts].sort());
});

const item = (id: string, title: string, text = '', sourceUrl = `https://${id}.example/feed`, publishedAt = '2026-11-26T10:00:00Z'): ClusterItem => ({
  id,
  sourceUrl,
  title,
  text,
  publishedAt,
});

test('one item resembling two events does not chain them (average link)', () => {
  const items = [
    item('r1', 'Acme recalls 2 million laptops over battery fires', 'Acme said overheating batteries had caused 14 fires.'),
    item('r2', 'Battery fires force Acme laptop recall', 'The recall covers 2 million laptops with overheating batteries.'),
    item('f1', 'Acme to build chip factory in Ohio', 'The plant near Columbus will employ 3,000 people.'),
    item('f2', 'Ohio wins Acme chip plant', 'Acme chose Columbus for the chip factory after a tax deal.'),
    item('x', 'Acme week: laptop recall over battery fires, Ohio chip factory', 'A busy week for Acme: a recall of 2 million laptops and a chip plant near Columbus.'),
  ];
  const where = clusterOf(clusterItems(items));
  assert.equal(where.get('r1'), where.get('r2'));
  assert.equal(where.get('f1'), where.get('f2'));
  assert.notEqual(where.get('r1'), where.get('f1'));
  // The bridge really is close to both: single linkage would have merged them.
  const sim = similarityModel(items);
  assert.ok(sim('x', 'r1') >= DEFAULT_CLUSTER_THRESHOLD && sim('x', 'f2') >= DEFAULT_CLUSTER_THRESHOLD);
});

test('time: items further apart than maxHoursApart are never the same event; closer ones weigh less', () => {
  const a = item('a', 'Storm Bertha brings 120 km/h gusts to west coast', 'Storm Bertha made landfall overnight.');
  const soon = { ...item('b', 'Storm Bertha: 120 km/h winds batter the coast', 'Bertha made landfall overnight.'), publishedAt: '2026-11-26T12:00:00Z' };
  const later = { ...soon, publishedAt: '2026-11-27T23:00:00Z' }; // 37 hours after a
  assert.deepEqual(clusterItems([a, soon]), [['a', 'b']]);
  assert.deepEqual(clusterItems([a, later]), [['a'], ['b']]);
  assert.deepEqual(clusterItems([a, later], { maxHoursApart: 48 }), [['a', 'b']]);
  assert.ok(similarity(a, soon) > similarity(a, { ...soon, publishedAt: '2026-11-26T22:00:00Z' }));
});

test('reports naming one storm are one story, whatever side of it they tell; two storms stay two', () => {
  const winds = item('a', 'Storm Bertha brings 120 km/h gusts to west coast', 'The met office issued a red warning as the storm made landfall.');
  const schools = item('b', 'Bertha: 120 km/h gusts shut schools on the west coast', 'The red warning closed schools as the storm made landfall.');
  const homes = item('c', '40,000 homes without power as storm batters coast', 'Fallen trees brought down power lines; ferries are cancelled.');
  const dark = item('d', 'Storm Bertha leaves tens of thousands in the dark', 'It could take until the weekend to restore electricity to 40,000 homes.');
  // Winds and schools share words, so do homes and the dark; across the two only the storm's name.
  assert.deepEqual(clusterItems([winds, schools, homes, dark]), [['a', 'b', 'c', 'd']]);
  const other = item('e', 'Storm Ciarán leaves thousands in the dark', 'It could take until the weekend to restore electricity to homes.');
  assert.deepEqual(clusterItems([winds, other]), [['a'], ['e']]);
  const monthLater = { ...dark, publishedAt: '2026-12-26T10:00:00Z' }; // a storm's name is reused in later years, not days
  assert.deepEqual(clusterItems([winds, monthLater]), [['a'], ['d']]);
});

test('a storm named once is that storm where other reports write its name alone, but not in a longer name', () => {
  const named = item('a', 'Storm Greta cuts power to 85,000 homes', 'Engineers are working to reconnect households across the region.');
  const alone = item('b', 'Amber warning: Greta brings 90mph gusts to the coast', 'Forecasters say the worst is expected overnight.');
  const person = item('c', 'Greta Lind wins national poetry prize', 'The judges praised her third collection.');
  assert.deepEqual(clusterItems([named, alone, person]), [['a', 'b'], ['c']]);
  const fury = item('d', "Greta's fury: roofs torn off in seaside town", 'Residents described a night of terror.');
  assert.deepEqual(clusterItems([named, fury]), [['a', 'd']]);
  assert.deepEqual(clusterItems([alone, fury]), [['b'], ['d']], 'no report names it a storm: the name alone proves nothing');
});

test('times of day are not numbers two events can share; race times and rates still are', () => {
  const launch = item('a', 'New weather satellite reaches orbit', 'The rocket lifted off at 01:14 carrying the satellite for Europe.');
  const outage = item('b', 'Messaging app fails for millions across Europe', 'Service was fully restored by 14:50, the company said.');
  const untimed = (i: ClusterItem) => ({ ...i, text: i.text.replace(/ at 01:14| by 14:50/, '') });
  assert.equal(similarity(launch, outage), similarity(untimed(launch), untimed(outage)));
  const record = item('c', 'Marathon world record falls', 'Kiprono won in 2:00:35.');
  const best = item('d', 'Kenyan runner sets new world best', 'His time of 2:00:35 beat the old mark.');
  assert.ok(similarity(record, best) > similarity(record, { ...best, text: 'His time beat the old mark.' }));
});

test('numbers are read as their value, however an outlet writes them; a bare "9m" may still be metres', () => {
  const terms = (text: string) => tokenize(text, false).map((t) => t.term);
  for (const forms of [['84,000', '84k', '84 thousand'], ['1.2m', '1.2 million', '1,200,000', '1.2 Million'], ['$3bn', '$3 billion', '$3,000,000,000'], ['three million', '3m', '3,000,000']]) {
    const values = forms.map((f) => terms(f).at(-1));
    assert.deepEqual(values, forms.map(() => values[0]), forms.join(' / '));
  }
  assert.deepEqual(terms('9m waves'), ['9', '9000000', 'wav'], 'metres or millions: both');
  assert.deepEqual(terms('£40m fine'), ['40000000', 'fin'], 'a currency says millions');
  assert.deepEqual(terms('rates to 3.25%'), ['rat', '3.25']);
});

test('two items of one source count half; a near-duplicate still joins', () => {
  const a = item('a', 'Nimbus outage takes thousands of websites offline', 'A fault in Nimbus data centres disrupted services.');
  const b = item('b', 'Nimbus cloud outage hits thousands of websites', 'Services were disrupted by a fault in Nimbus data centres.');
  const sameSource = { ...b, sourceUrl: a.sourceUrl };
  assert.ok(Math.abs(similarity(a, sameSource) - similarity(a, b) / 2) < 1e-12);
  assert.deepEqual(clusterItems([a, sameSource]), [['a', 'b']]);
});

test('names that differ keep same-kind events apart; shared numbers and units are read alike', () => {
  const quakeA = item('a', 'Magnitude 6.1 earthquake strikes near Tarvos', 'Residents of Tarvos ran into the streets.');
  const quakeB = item('b', 'Magnitude 5.4 earthquake strikes near Melbrin', 'Residents of Melbrin ran into the streets.');
  const sameQuake = item('c', 'Strong quake shakes Tarvos', 'The magnitude 6.1 tremor hit Tarvos.');
  assert.deepEqual(clusterItems([quakeA, quakeB, sameQuake]), [['a', 'c'], ['b']]);
  assert.ok(similarity(quakeA, sameQuake) > 2 * similarity(quakeA, quakeB));
  const m = item('m', 'Vantor recalls 1.2m laptops', 'Battery fault.');
  const million = item('n', 'Vantor recalls 1.2 million laptops', 'Battery fault.');
  assert.ok(similarity(m, million) > 0.9);
  // "semi-final" is not a "final".
  const semi = item('s', 'Riverside reach the semi-final', '');
  assert.ok(similarity(semi, item('f', 'Riverside reach the final', '')) < similarity(semi, item('g', 'Riverside reach the semi-final again', '')));
});

test("embeddings, when given, are averaged with the lexical similarity (vectors are float32: to 1e-6)", () => {
  const a = item('a', 'Streamly puts up subscription prices again', 'The standard plan will cost $17.99 a month.');
  const b = item('b', 'Your Streamly bill is going up', '');
  const lexical = similarity(a, b);
  assert.ok(lexical < DEFAULT_CLUSTER_THRESHOLD);
  const same = new Map([['a', [0.6, 0.8]], ['b', [0.6, 0.8]]]);
  assert.ok(Math.abs(similarity(a, b, [], { embeddings: same }) - (lexical + 1) / 2) < 1e-6);
  assert.deepEqual(clusterItems([a, b], { embeddings: same }), [['a', 'b']]);
  const apart = new Map([['a', [1, 0]], ['b', [0, 1]]]);
  assert.ok(Math.abs(similarity(a, b, [], { embeddings: apart }) - lexical / 2) < 1e-6);
  assert.equal(embeddingText(b), 'Your Streamly bill is going up');
  assert.equal(embeddingText(a), 'Streamly puts up subscription prices again\n\nThe standard plan will cost $17.99 a month.');
});

test('with embeddings, reports that share no word are compared too, and grouped when their vectors agree', () => {
  const a = item('a', 'Lindqvist retains world chess title in rapid tiebreaks', 'The champion won 2.5–1.5.');
  const b = item('b', 'Challenger falls short as titleholder holds his nerve', 'A dramatic finish in Oslo.');
  assert.deepEqual(clusterItems([a, b]), [['a'], ['b']], 'without embeddings: no shared word, two stories');
  const same = new Map([['a', [0.6, 0.8]], ['b', [0.6, 0.8]]]);
  assert.deepEqual(clusterItems([a, b], { embeddings: same }), [['a', 'b']]);
  const apart = new Map([['a', [1, 0]], ['b', [0, 1]]]);
  assert.deepEqual(clusterItems([a, b], { embeddings: apart }), [['a'], ['b']]);
});

test('edge cases: no items, lone and empty items, undated items, unknown ids', () => {
  assert.deepEqual(clusterItems([]), []);
  assert.deepEqual(clusterItems([item('a', 'Hello')]), [['a']]);
  assert.deepEqual(clusterItems([item('a', ''), item('b', '')]), [['a'], ['b']]);
  const undated = { ...item('u', 'Vantor recalls 1.2 million laptops', 'Battery fault.'), publishedAt: '' };
  assert.deepEqual(clusterItems([undated, item('d', 'Vantor recalls 1.2 million laptops over battery fault')]), [['d', 'u']]);
  assert.throws(() => similarityModel([item('a', 'x')])('a', 'zz'), /unknown item zz/);
  const s = similarity(item('a', 'Acme recalls laptops'), item('b', 'Acme recalls laptops'));
  assert.ok(s > 0 && s <= 1);
  // One id twice (the same URL seen on two days): compared on the words, not on itself.
  const today = item('u', 'Acme recalls laptops over battery fires');
  assert.ok(similarity(today, { ...today, title: 'Acme opens Ohio chip plant' }) < DEFAULT_CLUSTER_THRESHOLD);
  assert.ok(similarity(today, { ...today, publishedAt: '2026-11-26T20:00:00Z' }) > DEFAULT_CLUSTER_THRESHOLD);
});
