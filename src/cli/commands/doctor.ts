import { existsSync } from 'node:fs';
import type { GlobalFlags, ModelFlags } from '../context.js';
import type { Io } from '../terminal-io.js';
import type { DoctorCheck } from '../../summarize/doctor.js';
import { EXIT, errorLine } from '../../errors.js';
import { loadSettings, resolveModel } from '../context.js';
import { configuredSources } from '../../config/config.js';
import { safeLine } from '../../util/terminal-safe.js';
import { databaseBytes, formatBytes } from '../db-files.js';

export interface DoctorFlags extends GlobalFlags, ModelFlags {
  json?: boolean;
}

/**
 * `brief doctor`: is everything brief needs there? Config, sources, database
 * (integrity, size, what it holds, the model call log) and the model server.
 * Exit 0 when no check failed (warnings allowed), 1 otherwise.
 */
export async function runDoctor(flags: DoctorFlags, io: Io): Promise<number> {
  const checks: DoctorCheck[] = [];
  let settings;
  try {
    settings = loadSettings(flags);
    const where = settings.config.exists ? settings.config.path : `${settings.config.path} (not created yet: the defaults apply)`;
    checks.push({ check: 'config', ok: true, detail: where });
    const { sources, origin } = configuredSources(settings.config);
    checks.push({ check: 'sources', ok: sources.length > 0, detail: `${sources.length} ${origin === 'config' ? 'configured' : 'built-in'} sources` });
  } catch (err) {
    checks.push({ check: 'config', ok: false, detail: errorLine(err) });
  }
  if (settings) {
    checks.push(...(await databaseChecks(settings.dbPath)));
    try {
      const model = resolveModel(settings, flags);
      const { diagnoseModel } = await import('../../summarize/doctor.js');
      checks.push(...(await diagnoseModel({ provider: model.provider, host: model.host, model: model.model, apiKey: model.apiKey })));
    } catch (err) {
      checks.push({ check: 'model', ok: false, detail: errorLine(err) });
    }
  }
  print(checks, flags, io);
  return checks.some((c) => c.ok === false) ? EXIT.nothing : EXIT.ok;
}

async function databaseChecks(dbPath: string): Promise<DoctorCheck[]> {
  if (!existsSync(dbPath)) return [{ check: 'database', ok: 'warn', detail: `${dbPath} not created yet (the first \`brief today\` creates it)` }];
  const { Store } = await import('../../store/store.js');
  let store;
  try {
    store = Store.open(dbPath);
  } catch (err) {
    return [{ check: 'database', ok: false, detail: errorLine(err) }];
  }
  try {
    const integrity = store.integrity();
    const size = databaseBytes(dbPath);
    const n = store.counts();
    const checks: DoctorCheck[] = [
      {
        check: 'database',
        ok: integrity === 'ok',
        detail: `${dbPath}, ${formatBytes(size)}, schema ${store.schemaVersion()}, integrity ${integrity}; ${n.sources} sources, ${n.items} items, ${n.articles} articles, ${n.summaries} summaries, ${n.briefs} briefs`,
      },
    ];
    const since = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const calls = store.modelCallStats(since);
    if (calls.length > 0) {
      const total = calls.reduce((a, c) => ({ calls: a.calls + c.calls, prompt: a.prompt + c.promptTokens, completion: a.completion + c.completionTokens, seconds: a.seconds + c.seconds }), { calls: 0, prompt: 0, completion: 0, seconds: 0 });
      const outcomes = calls.map((c) => `${c.calls} ${c.outcome}`).join(', ');
      checks.push({ check: 'model calls', ok: true, detail: `last 7 days: ${total.calls} (${outcomes}), ${total.prompt} prompt + ${total.completion} answer tokens, ${total.seconds.toFixed(1)} s` });
    }
    return checks;
  } finally {
    store.close();
  }
}

function print(checks: DoctorCheck[], flags: DoctorFlags, io: Io): void {
  if (flags.json) {
    io.stdout.write(`${JSON.stringify({ checks }, null, 2)}\n`);
    return;
  }
  const c = io.chalk;
  const width = Math.max(...checks.map((x) => x.check.length));
  for (const check of checks) {
    const mark = check.ok === true ? c.green('✓') : check.ok === 'warn' ? c.yellow('!') : c.red('✗');
    io.stdout.write(`${mark} ${check.check.padEnd(width)}  ${safeLine(check.detail)}\n`);
  }
}
