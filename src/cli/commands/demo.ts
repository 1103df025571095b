import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Io } from '../terminal-io.js';
import type { TodayFlags } from './today.js';
import { loadSettings } from '../context.js';
import { parseFormat } from '../formats.js';
import { parseOpml } from '../../sources/opml.js';
import { produceBrief } from './today.js';

/**
 * `brief demo`: the real pipeline, offline, on sample news shipped with brief and
 * served from a loopback server, into a throw-away database (your own cache and
 * briefs are not touched).
 */
export async function runDemo(flags: TodayFlags, io: Io): Promise<number> {
  const settings = loadSettings(flags);
  const format = parseFormat(flags.format, io);
  const { startDemoServer } = await import('../../demo/server.js');
  const server = await startDemoServer();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brief-demo-'));
  try {
    const { sources } = parseOpml(server.opml);
    io.status(`demo: ${sources.length} sample feeds served at ${server.origin}`);
    return await produceBrief({ ...settings, dbPath: flags.db ? settings.dbPath : path.join(dir, 'demo.db') }, sources, { ...flags, sources: undefined }, format, io);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
