/**
 * brief's command line: parses arguments, runs one command, and is the only place
 * that sets the exit code. Commands are imported lazily, so `brief --help` loads
 * nothing heavy (jsdom alone takes over a second to import).
 */
import { Argument, Command, CommanderError, Option } from 'commander';
import { BriefError, EXIT, errorLine } from '../errors.js';
import type { Io } from './terminal-io.js';
import { VERSION } from '../version.js';
import { OUTPUT_FORMATS } from './formats.js';

const EXIT_CODES_HELP = `
Exit codes:
  0  a brief was produced (some sources may have failed: warnings on stderr)
  1  nothing could be produced (every source failed, no stories, nothing stored,
     the output file could not be written, another run holds the lock), or
     brief search found nothing
  2  usage or configuration error
  3  --require-llm was given and no model could be used

Environment:
  BRIEF_CONFIG   config file (default: the platform's config dir, e.g. ~/.config/brief/config.yaml)
  BRIEF_DB       database file (default: the platform's data dir, e.g. ~/.local/share/brief/brief.db)
  OLLAMA_HOST    Ollama server (default http://127.0.0.1:11434)
  BRIEF_MODEL    Ollama model (default llama3.2:3b)
  BRIEF_KEEP     prune data older than this after each run (e.g. 90d; unset keeps all)
  NO_COLOR       disable colour; FORCE_COLOR forces it; FORCE_HYPERLINK=1|0 clickable links
  BRIEF_NOW      pretend the time is this ISO 8601 instant (a testing aid)
`;

type Action = (io: Io) => Promise<number>;

export async function main(argv: string[]): Promise<number> {
  let action: Action | undefined;
  let globals: { color: boolean; quiet?: boolean } = { color: true };
  const program = buildProgram((a, g) => {
    action = a;
    globals = g;
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has printed its message already; help and version are not errors.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    throw err;
  }
  if (!action) return EXIT.ok;
  // A reader that goes away (`brief today | head`) is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT.ok);
  });
  const { createIo } = await import('./terminal-io.js');
  const io = createIo(globals);
  try {
    return await action(io);
  } catch (err) {
    return reportError(err, io);
  }
}

function reportError(err: unknown, io: Io): number {
  io.status('');
  if (err instanceof BriefError) {
    io.stderr.write(`error: ${err.message}\n`);
    return err.exitCode;
  }
  if ((err as { code?: string }).code === 'EPIPE') return EXIT.ok; // the reader went away (e.g. `| head`)
  io.stderr.write(`error: ${errorLine(err)}\nThis is a bug in brief; please report it${process.env.BRIEF_DEBUG ? '' : ' (set BRIEF_DEBUG=1 for details)'}.\n`);
  if (process.env.BRIEF_DEBUG) io.stderr.write(`${(err as Error).stack ?? ''}\n`);
  return EXIT.nothing;
}

export function buildProgram(setAction: (action: Action, globals: { color: boolean; quiet?: boolean }) => void): Command {
  const program = new Command('brief')
    .description("Today's news as a short, trustworthy brief, summarized on your machine.")
    .version(VERSION, '-V, --version')
    .option('--config <file>', 'config file (overrides BRIEF_CONFIG)')
    .option('--db <file>', 'database file (overrides BRIEF_DB)')
    .option('--no-color', 'no colour, even on a terminal')
    .option('-q, --quiet', 'no warnings on stderr (errors still show)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride();

  const globalsOf = (cmd: Command) => cmd.optsWithGlobals() as { color: boolean; quiet?: boolean } & Record<string, unknown>;
  const run =
    (load: (opts: Record<string, unknown>, args: string[]) => Action) =>
    (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      const opts = globalsOf(cmd);
      setAction(load(opts, cmd.args), opts);
    };
  const modelOptions = (cmd: Command) =>
    cmd
      .option('--no-llm', 'use the built-in extractive summarizer, not Ollama')
      .option('--require-llm', 'fail (exit 3) instead of falling back when Ollama or the model is missing')
      .option('--model <name>', 'model (overrides BRIEF_MODEL and config)')
      .option('--ollama-host <url>', 'Ollama server (overrides OLLAMA_HOST and config)')
      .option('--lang <code>', 'language of the summaries: auto (each article\'s own) or a code such as en, de, zh')
      .addOption(new Option('--provider <name>', 'model server kind (default ollama)').choices(['ollama', 'openai']))
      .option('--base-url <url>', 'the OpenAI-compatible server, with --provider openai (llama.cpp, LM Studio, vLLM)')
      .option('--model-timeout <duration>', 'longest wait for one model request (default 3m)')
      .option('--no-log', 'do not record model calls in the database');
  const formatOption = () =>
    new Option('--format <format>', 'output format (default: terminal on a TTY; to a pipe or a file, markdown or what --output names)').choices([...OUTPUT_FORMATS]);
  const outputOptions = (cmd: Command) =>
    cmd
      .option('-o, --output <file>', 'write to this file (atomically) instead of stdout')
      .option('--output-dir <dir>', 'write DIR/brief-YYYY-MM-DD.md (or the format\'s extension) instead of stdout');

  modelOptions(
    outputOptions(
      program
        .command('today')
        .description("fetch the feeds and print today's brief")
        .option('--since <duration>', 'how far back to look, e.g. 12h, 2d, or last-run: since the previous brief (default 24h)')
        .option('--limit <n>', 'number of stories (default 10)')
        .addOption(formatOption()),
    )
      .option('--sources <file>', 'use the feeds in this OPML or URL-list file for this run')
      .option('--topic <topic>', 'only stories in this topic (a source tag or a configured topic)')
      .addOption(new Option('--group-by <what>', 'print the brief in topic sections (default: config brief.groupBy, else none)').choices(['topic', 'none']))
      .option('--explain', 'say why each story ranked where it did')
      .option('--parallel <n>', 'summaries in flight at once (default 1)')
      .option('--embed-model <name>', 'Ollama embedding model to group reports of one event (e.g. nomic-embed-text; default: config ollama.embedModel, else words only)')
      .option('--timeout <duration>', 'time limit per HTTP request (default 30s)'),
  ).action(
    run((opts) => async (io) => {
      const { runToday } = await import('./commands/today.js');
      return runToday(opts as never, io);
    }),
  );

  program
    .command('fetch')
    .description('refresh the cache from the feeds, without summarizing')
    .option('--json', 'report per source as JSON')
    .option('--sources <file>', 'use the feeds in this OPML or URL-list file')
    .option('--timeout <duration>', 'time limit per HTTP request (default 30s)')
    .action(
      run((opts) => async (io) => {
        const { runFetch } = await import('./commands/fetch.js');
        return runFetch(opts as never, io);
      }),
    );

  outputOptions(
    program
      .command('show')
      .description('print a stored brief again, without network (default: the latest)')
      .argument('[date]', 'YYYY-MM-DD, today or yesterday')
      .addOption(formatOption())
      .option('--explain', 'say why each story ranked where it did'),
  ).action(
    run((opts, args) => async (io) => {
      const { runShow } = await import('./commands/show.js');
      return runShow(args[0], opts as never, io);
    }),
  );

  program
    .command('history')
    .description('list the stored briefs, newest first')
    .option('--limit <n>', 'how many (default 30)')
    .option('--json', 'as JSON')
    .action(
      run((opts) => async (io) => {
        const { runHistory } = await import('./commands/history.js');
        return runHistory(opts as never, io);
      }),
    );

  program
    .command('search')
    .description('search every article and story ever fetched (ranked, with snippets)')
    .argument('<words...>', 'words that must all match; "a phrase" in quotes; word* for a prefix; OR between two words')
    .option('--since <duration>', 'only what was fetched in this time, e.g. 30d')
    .option('--limit <n>', 'how many results (default 20)')
    .option('--json', 'as JSON')
    .action(
      run((opts, args) => async (io) => {
        const { runSearch } = await import('./commands/search.js');
        return runSearch(args, opts as never, io);
      }),
    );

  program
    .command('feed')
    .description('the latest briefs as an Atom or JSON Feed, for a feed reader')
    .addOption(new Option('--format <format>', 'feed format (default atom)').choices(['atom', 'jsonfeed']))
    .option('--limit <n>', 'how many briefs (default 10)')
    .option('--title <title>', 'the feed\'s title (default brief)')
    .option('-o, --output <file>', 'write to this file (atomically) instead of stdout')
    .action(
      run((opts) => async (io) => {
        const { runFeed } = await import('./commands/feed.js');
        return runFeed(opts as never, io);
      }),
    );

  program
    .command('prune')
    .description('delete old briefs, articles and logs, then compact the database (VACUUM)')
    .option('--older-than <duration>', 'what to delete, e.g. 90d (default: BRIEF_KEEP)')
    .option('--json', 'as JSON')
    .action(
      run((opts) => async (io) => {
        const { runPrune } = await import('./commands/prune.js');
        return runPrune(opts as never, io);
      }),
    );

  program
    .command('init')
    .description('create the config file with the built-in sources, and say where everything lives')
    .action(
      run((opts) => async (io) => {
        const { runInit } = await import('./commands/config.js');
        return runInit(opts as never, io);
      }),
    );

  const config = program.command('config').description('the config file: where it is, what is in effect, edit it');
  config
    .command('path')
    .description('print the config file\'s path')
    .action(
      run((opts) => async (io) => {
        const { runConfigPath } = await import('./commands/config.js');
        return runConfigPath(opts as never, io);
      }),
    );
  config
    .command('show')
    .description('print the settings in effect (file, environment and defaults) as YAML')
    .action(
      run((opts) => async (io) => {
        const { runConfigShow } = await import('./commands/config.js');
        return runConfigShow(opts as never, io);
      }),
    );
  config
    .command('edit')
    .description('open the config in $VISUAL or $EDITOR, then check it')
    .action(
      run((opts) => async (io) => {
        const { runConfigEdit } = await import('./commands/config.js');
        return runConfigEdit(opts as never, io);
      }),
    );

  program
    .command('completion')
    .description('print the shell completion script')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .action(
      run((_opts, args) => async (io) => {
        const { runCompletion } = await import('./commands/completion.js');
        return runCompletion(args[0], program, io);
      }),
    );

  const sources = program.command('sources').description('list and edit the configured feeds');
  sources
    .command('list', { isDefault: true })
    .description('list the sources in use')
    .option('--json', 'as JSON')
    .action(
      run((opts) => async (io) => {
        const { listSources } = await import('./commands/sources.js');
        return listSources(opts as never, io);
      }),
    );
  sources
    .command('add')
    .description('add a feed')
    .argument('<url>', 'feed URL')
    .option('--name <name>', 'display name')
    .option('--tag <tag...>', 'tags (repeat or separate with commas)')
    .action(
      run((opts, args) => async (io) => {
        const { addSource } = await import('./commands/sources.js');
        return addSource(args[0] as string, opts as never, io);
      }),
    );
  sources
    .command('remove')
    .description('remove a feed')
    .argument('<url>', 'feed URL (or its name)')
    .action(
      run((opts, args) => async (io) => {
        const { removeSource } = await import('./commands/sources.js');
        return removeSource(args[0] as string, opts as never, io);
      }),
    );
  sources
    .command('import')
    .description('add the feeds of an OPML file (or a URL list)')
    .argument('<file>', 'OPML or URL-list file')
    .action(
      run((opts, args) => async (io) => {
        const { importSources } = await import('./commands/sources.js');
        return importSources(args[0] as string, opts as never, io);
      }),
    );
  sources
    .command('export')
    .description('print the sources as OPML')
    .action(
      run((opts) => async (io) => {
        const { exportSources } = await import('./commands/sources.js');
        return exportSources(opts as never, io);
      }),
    );

  program
    .command('extract')
    .description('print the article text of one page')
    .argument('<url|file>', 'a page URL or a saved HTML file')
    .option('--url <base>', 'the page URL, for a file (resolves links)')
    .option('--json', 'as JSON')
    .action(
      run((opts, args) => async (io) => {
        const { runExtract } = await import('./commands/extract.js');
        return runExtract(args[0] as string, opts as never, io);
      }),
    );

  modelOptions(
    program
      .command('summarize')
      .description('summarize one article (HTML is extracted first; plain text is used as is)')
      .argument('<url|file|->', 'a page URL, a file, or - for standard input')
      .option('--url <base>', 'the page URL, for a file')
      .option('--json', 'as JSON'),
  ).action(
    run((opts, args) => async (io) => {
      const { runSummarize } = await import('./commands/summarize.js');
      return runSummarize(args[0] as string, opts as never, io);
    }),
  );

  modelOptions(
    program
      .command('doctor')
      .description('check config, database and the model server; say what to fix')
      .option('--json', 'as JSON'),
  ).action(
    run((opts) => async (io) => {
      const { runDoctor } = await import('./commands/doctor.js');
      return runDoctor(opts as never, io);
    }),
  );

  modelOptions(
    program
      .command('demo')
      .description('see a real brief in seconds: sample news served offline on loopback')
      .addOption(formatOption())
      .option('--limit <n>', 'number of stories (default 10)')
      .option('--explain', 'say why each story ranked where it did'),
  ).action(
    run((opts) => async (io) => {
      const { runDemo } = await import('./commands/demo.js');
      return runDemo(opts as never, io);
    }),
  );

  return program;
}
