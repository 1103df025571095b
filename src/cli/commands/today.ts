import type { Source, Story } from '../../types.js';
import type { ModelFlags } from '../context.js';
import type { GlobalFlags } from '../options.js';
import type { OutputFormat } from '../formats.js';
import type { Io } from '../terminal-io.js';
import type { BriefRun } from '../../pipeline/run-brief.js';
import type { ModelCall } from '../../summarize/summarizer.js';
import type { Store } from '../../store/store.js';
import { BriefError, EXIT } from '../../errors.js';
import { chooseSummarizer, loadSettings, sourcesForRun, type Settings } from '../context.js';
import { parseLimit } from '../options.js';
import { formatExtension, parseFormat } from '../formats.js';
import { parseDuration } from '../../util/duration.js';
import { clockFromEnv, localDate } from '../../util/clock.js';
import { safeLine } from '../../util/terminal-safe.js';
import { checkOutputFlags, outputFile, writeAtomic, type OutputFlags } from '../output.js';
import { ProgressTracker } from '../progress.js';
import { runSummaryLine } from '../../render/progress.js';
import { renderBrief, stdoutTerminal } from './render-brief.js';
import { terminalWriter } from '../../render/terminal.js';
import { autoPrune, retentionMs } from './prune.js';

/** `--since last-run`: the value that makes the window start where the previous brief was made. */
const LAST_RUN = 'last-run';

export interface TodayFlags extends GlobalFlags, ModelFlags, OutputFlags {
  since?: string;
  limit?: string;
  format?: string;
  sources?: string;
  parallel?: string;
  timeout?: string;
  topic?: string;
  explain?: boolean;
  groupBy?: string;
}

export async function runToday(flags: TodayFlags, io: Io): Promise<number> {
  const settings = loadSettings(flags);
  const { sources } = sourcesForRun(settings, flags.sources, io);
  const format = parseFormat(flags.format, io, flags);
  return produceBrief(settings, sources, flags, format, io);
}

/**
 * Runs the pipeline, reports failed sources, writes the brief (stdout or a file), stores it,
 * and prunes by the retention setting. Shared by `today` and `demo`.
 */
export async function produceBrief(settings: Settings, sources: Source[], flags: TodayFlags, format: OutputFormat, io: Io): Promise<number> {
  const started = performance.now();
  checkOutputFlags(flags);
  const since = flags.since ?? settings.config.config.brief?.since ?? '24h';
  const fixedSinceMs = since === LAST_RUN ? undefined : parseDuration(since, '--since');
  const limit = parseLimit(flags.limit ?? settings.config.config.brief?.limit?.toString(), 10);
  const parallel = parseLimit(flags.parallel, 1);
  const totalTimeoutMs = flags.timeout ? parseDuration(flags.timeout, '--timeout') : undefined;
  const keepMs = retentionMs(settings.config.config.brief?.keep);
  const now = clockFromEnv();

  const [{ Store }, { createHttpClient }, { createWorkerExtractor }, { SummaryStage }, { runBrief }, { USER_AGENT }] = await Promise.all([
    import('../../store/store.js'),
    import('../../fetch/http-client.js'),
    import('../../extract/index.js'),
    import('../../pipeline/summary-stage.js'),
    import('../../pipeline/run-brief.js'),
    import('../../version.js'),
  ]);
  const store = Store.open(settings.dbPath, { lock: true });
  const http = createHttpClient({ userAgent: USER_AGENT, totalTimeoutMs });
  // Its worker starts when the first feed brings news (runBrief), so a run with nothing new never loads jsdom.
  const extractor = createWorkerExtractor();
  const progress = new ProgressTracker((line) => io.status(line));
  const groupByTopic = (flags.groupBy ?? settings.config.config.brief?.groupBy) === 'topic';
  // The terminal layout on stdout is printed a story at a time, each as soon as it is ready.
  const streamed = format === 'terminal' && !flags.output && !flags.outputDir && !groupByTopic ? terminalWriter(localDate(now()), stdoutTerminal(io, now(), flags.explain)) : undefined;
  const onStory = streamed
    ? (story: Story, position: number) => {
        io.status('');
        io.stdout.write(streamed.story(story, position));
      }
    : undefined;
  let run: BriefRun | undefined;
  let file: string | undefined;
  try {
    const window = fixedSinceMs === undefined ? sinceLastRun(store, now(), settings) : { sinceMs: fixedSinceMs, label: `in the last ${since}` };
    // Every model request goes into the call log (brief doctor reports it), unless --no-log.
    const logCall = (call: ModelCall) => {
      progress.onModelCall(call);
      if (flags.log !== false) store.logModelCall(call, now().toISOString());
    };
    const { primary, fallback, model } = await chooseSummarizer(settings, flags, io, logCall);
    // Embeddings come from the same Ollama; when it could not give a summarizer, none are asked for.
    const embedder =
      model.embedModel && model.provider === 'ollama' && primary !== fallback
        ? (await import('../../summarize/ollama.js')).createOllamaEmbedder({ host: model.host, model: model.embedModel, timeoutMs: model.timeoutMs })
        : undefined;
    const summaries = new SummaryStage(primary, fallback, {
      store,
      now,
      targetLanguage: model.targetLanguage,
      onModelLost: (reason) => io.warn(`${reason} — the remaining stories use the extractive summarizer`),
    });
    const { interests, topics, stories } = settings.config.config;
    run = await runBrief(
      {
        sources,
        sinceMs: window.sinceMs,
        firstSeenMaxAgeMs: window.firstSeenMaxAgeMs,
        limit,
        parallel,
        topic: flags.topic,
        interests,
        topics,
        memoryDays: stories?.memoryDays,
        clustering: stories,
        groupByTopic,
      },
      { http, store, extractor, summaries, now, embedder, onWarning: (line) => io.warn(line), onProgress: progress.onProgress, onStory },
    );
    io.status('');
    for (const f of run.feeds) if (!f.ok) io.warn(`feed ${safeLine(f.source.url)}: ${safeLine(f.error ?? 'failed')}`);
    if (run.feeds.every((f) => !f.ok)) {
      const offline = run.feeds.every((f) => f.error?.startsWith('could not resolve host'));
      const hint = offline ? '; is this machine offline? `brief demo` shows brief working without a network' : '';
      throw new BriefError(`no source could be fetched (${run.feeds.length} failed)${hint}`, EXIT.nothing);
    }
    if (run.brief.stories.length === 0) {
      const why = run.stats.stories.alreadyShown > 0 ? ` (${run.stats.stories.alreadyShown} already shown in earlier briefs, with nothing new)` : '';
      const topic = flags.topic ? ` about ${flags.topic}` : '';
      throw new BriefError(`no new stories${topic} ${window.label} from ${sources.length} sources${why}`, EXIT.nothing);
    }
    // The file is written before the brief is stored: when it cannot be, the next
    // `--since last-run` still covers this run's news.
    file = outputFile(flags, run.brief.date, formatExtension(format));
    const text = streamed ? streamed.end(run.brief) : renderBrief(run.brief, format, io, now(), { explain: flags.explain, toFile: file !== undefined });
    if (file) writeAtomic(file, text);
    store.saveBrief(run.brief);
    if (keepMs !== undefined) autoPrune(store, now(), keepMs);
    // The brief is out before the feeds the run went on without have ended: they only fill the cache now.
    if (file) io.notice(`wrote ${file}`);
    else io.stdout.write(text);
    for (const f of await run.lateFeeds) if (!f.ok) io.warn(`feed ${safeLine(f.source.url)} (too slow for this brief): ${safeLine(f.error ?? 'failed')}`);
  } finally {
    io.status('');
    // Late fetches write to the database: they end before it closes, whatever happened.
    await run?.lateFeeds;
    await Promise.allSettled([http.close(), extractor.close()]);
    store.close();
  }
  io.notice(runSummaryLine(run.stats, performance.now() - started));
  return EXIT.ok;
}

/**
 * The window of `--since last-run`: from the moment the latest stored brief was made
 * (a run that failed stores none, so the next one covers its news too). With no brief
 * yet, the configured window (or 24h).
 */
function sinceLastRun(store: Store, now: Date, settings: Settings): { sinceMs: number; firstSeenMaxAgeMs?: number; label: string } {
  const configured = settings.config.config.brief?.since;
  const fallback = configured && configured !== LAST_RUN ? configured : '24h';
  const last = store.latestBrief();
  if (!last) return { sinceMs: parseDuration(fallback), label: `in the last ${fallback} (no earlier brief)` };
  // A story a feed lists only after the last brief is news even when it is dated before it
  // (feeds often list items late): it counts when first seen since, if dated within `fallback`.
  return {
    sinceMs: Math.max(1, now.getTime() - Date.parse(last.generatedAt)),
    firstSeenMaxAgeMs: parseDuration(fallback),
    label: `since the last brief (${last.generatedAt})`,
  };
}
