import type { Source } from '../../types.js';
import type { GlobalFlags, ModelFlags, OutputFormat } from '../context.js';
import type { Io } from '../terminal-io.js';
import type { BriefRun, Stage } from '../../pipeline/run-brief.js';
import type { ModelCall } from '../../summarize/summarizer.js';
import { BriefError, EXIT } from '../../errors.js';
import { chooseSummarizer, loadSettings, parseFormat, parseLimit, sourcesForRun, type Settings } from '../context.js';
import { parseDuration } from '../../util/duration.js';
import { clockFromEnv } from '../../util/clock.js';
import { safeLine } from '../../util/terminal-safe.js';
import { printBrief } from './render-brief.js';

export interface TodayFlags extends GlobalFlags, ModelFlags {
  since?: string;
  limit?: string;
  format?: string;
  sources?: string;
  parallel?: string;
  timeout?: string;
  topic?: string;
  explain?: boolean;
}

export async function runToday(flags: TodayFlags, io: Io): Promise<number> {
  const settings = loadSettings(flags);
  const { sources } = sourcesForRun(settings, flags.sources, io);
  const format = parseFormat(flags.format, io);
  return produceBrief(settings, sources, flags, format, io);
}

/** Runs the pipeline, reports failed sources, stores and prints the brief. Shared by `today` and `demo`. */
export async function produceBrief(settings: Settings, sources: Source[], flags: TodayFlags, format: OutputFormat, io: Io): Promise<number> {
  const sinceMs = parseDuration(flags.since ?? settings.config.config.brief?.since ?? '24h', '--since');
  const limit = parseLimit(flags.limit ?? settings.config.config.brief?.limit?.toString(), 10);
  const parallel = parseLimit(flags.parallel, 1);
  const totalTimeoutMs = flags.timeout ? parseDuration(flags.timeout, '--timeout') : undefined;
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
  const extractor = createWorkerExtractor();
  let run: BriefRun;
  try {
    // Every model request goes into the call log (brief doctor reports it), unless --no-log.
    const logCall = flags.log === false ? undefined : (call: ModelCall) => store.logModelCall(call, now().toISOString());
    const { primary, fallback, model } = await chooseSummarizer(settings, flags, io, logCall);
    const summaries = new SummaryStage(primary, fallback, {
      store,
      now,
      targetLanguage: model.targetLanguage,
      onModelLost: (reason) => io.warn(`${reason} — the remaining stories use the extractive summarizer`),
    });
    const { interests, topics } = settings.config.config;
    run = await runBrief(
      { sources, sinceMs, limit, parallel, topic: flags.topic, interests, topics },
      { http, store, extractor, summaries, now, onProgress: progressLine(io) },
    );
    io.status('');
    for (const f of run.feeds) if (!f.ok) io.warn(`feed ${safeLine(f.source.url)}: ${safeLine(f.error ?? 'failed')}`);
    if (run.feeds.every((f) => !f.ok)) {
      const offline = run.feeds.every((f) => f.error?.startsWith('could not resolve host'));
      const hint = offline ? '; is this machine offline? `brief demo` shows brief working without a network' : '';
      throw new BriefError(`no source could be fetched (${run.feeds.length} failed)${hint}`, EXIT.nothing);
    }
    if (run.brief.stories.length === 0) {
      const window = flags.since ?? settings.config.config.brief?.since ?? '24h';
      const why = run.stats.stories.alreadyShown > 0 ? ` (${run.stats.stories.alreadyShown} already shown in earlier briefs, with nothing new)` : '';
      const topic = flags.topic ? ` about ${flags.topic}` : '';
      throw new BriefError(`no new stories${topic} in the last ${window} from ${sources.length} sources${why}`, EXIT.nothing);
    }
    store.saveBrief(run.brief);
  } finally {
    io.status('');
    await Promise.allSettled([http.close(), extractor.close()]);
    store.close();
  }
  printBrief(run.brief, format, io, now(), { explain: flags.explain });
  return EXIT.ok;
}

function progressLine(io: Io): (stage: Stage, done: number, total: number) => void {
  const label: Record<Stage, string> = { feeds: 'fetching feeds', articles: 'reading articles', summaries: 'summarizing' };
  return (stage, done, total) => io.status(`${label[stage]} ${done}/${total}`);
}
