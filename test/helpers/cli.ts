/**
 * Runs the real CLI (`bin/brief.js`, built JS) as a child process with its own temp
 * home: config, data and database never touch the developer's, and Ollama points at
 * a closed loopback port unless a test sets OLLAMA_HOST.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/brief.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface TempHome {
  dir: string;
  env: NodeJS.ProcessEnv;
  run(args: string[], options?: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; onStdout?: (soFar: string) => void }): Promise<CliResult>;
}

export function tempHome(): TempHome {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brief-e2e-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_CACHE_HOME: path.join(dir, 'cache'),
    // Port 2 on loopback: nothing listens, so "Ollama is not running" (not 9: fetch refuses that port outright).
    OLLAMA_HOST: 'http://127.0.0.1:2',
    LANG: 'C.UTF-8',
  };
  return {
    dir,
    env,
    run: (args, options = {}) => runCli(args, { ...env, ...options.env }, options.input, options.timeoutMs, options.onStdout),
  };
}

/** `onStdout` sees stdout so far each time more arrives. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, input?: string, timeoutMs = 60_000, onStdout?: (soFar: string) => void): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      onStdout?.(stdout);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`brief ${args.join(' ')} did not exit within ${timeoutMs} ms\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // A process killed by a signal has no exit code: say which signal, where assertions print stderr.
      resolve({ code, stdout, stderr: signal ? `${stderr}[killed by ${signal}]\n` : stderr });
    });
    child.stdin.end(input ?? '');
  });
}
