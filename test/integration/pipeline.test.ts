import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Summary } from '../../src/types.js';
import type { OverviewStory, Summarizer, SummarizeInput } from '../../src/summarize/summarizer.js';
import { SummarizerError } from '../../src/summarize/summarizer.js';
import { createExtractiveSummarizer } from '../../src/summarize/extractive.js';
import { Store } from '../../src/store/store.js';
import { createHttpClient } from '../../src/fetch/http-client.js';
import { createInProcessExtractor } from '../../src/extract/index.js';
import { SummaryStage } from '../../src/pipeline/summary-stage.js';
import { runBrief } from '../../src/pipeline/run-brief.js';
import { readSourcesFile } from '../../src/sources/read-sources-file.js';
import { startWorld } from '../helpers/world.js';

/** A model stand-in that records calls and can be told to fail. */
function fakeModel(behaviour: (input: SummarizeInput, call: number) => Summary | Error): Summarizer & { calls: number } {
  const model = {
    method: 'ollama' as const,
    model: 'fake:1b',
    calls: 0,
    async summarize(input: SummarizeInput): Promise<Summary> {
      const result = behaviour(input, ++model.calls);
      if (result instanceof Error) throw result;
      return result;
    },
    async overview(stories: readonly OverviewStory[]): Promise<string[]> {
      return stories.slice(0, 3).map((s) => s.headline);
    },
  };
  return model;
}

const modelSummary = (input: SummarizeInput): Summary => ({
  headline: `M: ${input.title}`,
  summary: 'Model summary.',
  keyPoints: [
    { label: 'What happened', text: 'a' },
    { label: 'Why it matters', text: 'b' },
    { label: 'What to watch', text: 'c' },
  ],
  method: 'ollama',
  model: 'fake:1b',
  language: 'en',
});

async function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brief-pipe-'));
  const world = await startWorld({ dir });
  const { sources } = readSourcesFile(world.opmlPath);
  const store = Store.open(path.join(dir, 'p.db'));
  const http = createHttpClient({ userAgent: 'test' });
  const extractor = createInProcessExtractor();
  const now = () => new Date();
  const close = async () => {
    await http.close();
    await extractor.close();
    store.close();
    await world.close();
  };
  return { world, sources, store, http, extractor, now, close };
}

test('only the stories that make the brief are extracted and summarized', async () => {
  const env = await setup();
  try {
    const model = fakeModel((input) => modelSummary(input));
    const summaries = new SummaryStage(model, createExtractiveSummarizer(), env);
    const run = await runBrief({ sources: env.sources, sinceMs: 86_400_000, limit: 3 }, { ...env, summaries });
    assert.equal(run.brief.stories.length, 3);
    assert.equal(model.calls, 3);
    assert.equal(run.stats.articles.fetched, 3, 'three article pages, no more');
    const pageRequests = env.world.server.requests.filter((r) => !env.world.feedPaths.includes(r.path.split('?')[0] ?? r.path));
    assert.equal(pageRequests.length, 3);
    assert.equal(run.brief.summarizer.method, 'ollama');
  } finally {
    await env.close();
  }
});

test('a model failure on one article falls back for that article only; a lost model falls back for the rest', async () => {
  const env = await setup();
  try {
    const lost: string[] = [];
    const flaky = fakeModel((input, call) => (call === 1 ? new SummarizerError('model returned invalid JSON twice', 'bad-output') : modelSummary(input)));
    const stage = new SummaryStage(flaky, createExtractiveSummarizer(), { ...env, onModelLost: (r) => lost.push(r) });
    const run = await runBrief({ sources: env.sources, sinceMs: 86_400_000, limit: 3 }, { ...env, summaries: stage });
    assert.deepEqual(run.brief.stories.map((s) => s.method), ['extractive', 'ollama', 'ollama']);
    assert.equal(lost.length, 0);

    const gone = fakeModel(() => new SummarizerError('Ollama is not reachable', 'unreachable'));
    const stage2 = new SummaryStage(gone, createExtractiveSummarizer(), { ...env, onModelLost: (r) => lost.push(r) });
    const run2 = await runBrief({ sources: env.sources, sinceMs: 86_400_000, limit: 5, parallel: 1 }, { ...env, summaries: stage2 });
    assert.equal(gone.calls, 1, 'no more calls once the model is gone');
    assert.deepEqual(lost, ['Ollama is not reachable']);
    assert.equal(run2.brief.stories.filter((s) => s.method === 'ollama').length, 2, 'the two cached model summaries are reused');
  } finally {
    await env.close();
  }
});

test('--parallel bounds the summaries in flight', async () => {
  const env = await setup();
  try {
    let active = 0;
    let peak = 0;
    const slow: Summarizer = {
      method: 'ollama',
      model: 'slow',
      async summarize(input) {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 30));
        active--;
        return modelSummary(input);
      },
      overview: async () => [],
    };
    const run = await runBrief({ sources: env.sources, sinceMs: 86_400_000, limit: 6, parallel: 2 }, { ...env, summaries: new SummaryStage(slow, createExtractiveSummarizer(), env) });
    assert.equal(run.brief.stories.length, 6);
    assert.equal(peak, 2);
  } finally {
    await env.close();
  }
});
