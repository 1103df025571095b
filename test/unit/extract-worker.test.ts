import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { extractPage } from '../../src/extract/readability.js';
import { createWorkerExtractor } from '../../src/extract/worker-extractor.js';

const ferryHtml = readFileSync(new URL('../fixtures/pages/harbor-ferry.html', import.meta.url), 'utf8');
const reservoirHtml = readFileSync(new URL('../fixtures/pages/reservoir-levels.html', import.meta.url), 'utf8');
const FERRY_URL = 'https://ledger.example/news/ferry';
const RESERVOIR_URL = 'https://courier.example/local/reservoirs';

/** The compiled module (`npm run build`): workers can only run compiled JavaScript. */
const compiledModule = new URL('../../dist/extract/worker-extractor.js', import.meta.url);
const compiledWorker = new URL('../../dist/extract/extract-worker.js', import.meta.url);
const notBuilt = existsSync(compiledModule) && existsSync(compiledWorker) ? false : 'dist/ not built (npm run build)';

const tempDir = mkdtempSync(join(tmpdir(), 'brief-extract-worker-'));
after(() => rmSync(tempDir, { recursive: true, force: true }));

/** A stand-in worker entry written to a temp file. */
function fakeWorker(name: string, source: string): URL {
  const path = join(tempDir, name);
  writeFileSync(path, source);
  return pathToFileURL(path);
}

describe('createWorkerExtractor (compiled)', { skip: notBuilt }, () => {
  it('extracts on the worker exactly what extractPage extracts, each answer to its request', async () => {
    const { createWorkerExtractor: createCompiled } = (await import(compiledModule.href)) as typeof import('../../src/extract/worker-extractor.js');
    const extractor = createCompiled();
    try {
      const [ferry, reservoir, empty] = await Promise.all([
        extractor.extract(ferryHtml, FERRY_URL),
        extractor.extract(reservoirHtml, RESERVOIR_URL),
        extractor.extract('<html><body></body></html>', 'https://x.example/'),
      ]);
      assert.deepEqual(ferry, await extractPage(ferryHtml, FERRY_URL));
      assert.deepEqual(reservoir, await extractPage(reservoirHtml, RESERVOIR_URL));
      assert.equal(empty, null);
    } finally {
      await extractor.close();
    }
    await assert.rejects(extractor.extract(ferryHtml, FERRY_URL), /closed/);
  });
});

describe('createWorkerExtractor fallbacks', () => {
  it('extracts in-process when the worker file does not exist (TypeScript sources under tsx)', async () => {
    const extractor = createWorkerExtractor({ workerUrl: new URL('./no-such-worker.js', pathToFileURL(`${tempDir}/`)) });
    const page = await extractor.extract(ferryHtml, FERRY_URL);
    await extractor.close();
    assert.equal(page?.title, 'Northport launches its first electric ferry');
  });

  it('redoes requests in-process when the worker fails before it is ready', async () => {
    const workerUrl = fakeWorker('crash-on-start.mjs', "throw new Error('cannot load jsdom');\n");
    const extractor = createWorkerExtractor({ workerUrl });
    const pages = await Promise.all([extractor.extract(ferryHtml, FERRY_URL), extractor.extract(reservoirHtml, RESERVOIR_URL)]);
    await extractor.close();
    assert.deepEqual(
      pages.map((page) => page?.title),
      ['Northport launches its first electric ferry', 'Reservoirs in the Vale fall to lowest spring level on record'],
    );
  });

  it('gives up the page in hand when a ready worker dies, and redoes the queued ones in-process', async () => {
    const workerUrl = fakeWorker(
      'die-on-first-page.mjs',
      "import { parentPort } from 'node:worker_threads';\n" +
        "parentPort.postMessage({ type: 'ready' });\n" +
        'parentPort.on(\'message\', () => process.exit(1));\n',
    );
    const extractor = createWorkerExtractor({ workerUrl });
    const pages = await Promise.all([extractor.extract(ferryHtml, FERRY_URL), extractor.extract(reservoirHtml, RESERVOIR_URL)]);
    assert.equal(pages[0], null);
    assert.equal(pages[1]?.title, 'Reservoirs in the Vale fall to lowest spring level on record');
    // Later requests keep working, in-process.
    assert.equal((await extractor.extract(ferryHtml, FERRY_URL))?.siteName, 'The Northport Ledger');
    await extractor.close();
  });

  it('resolves waiting requests to null when closed', async () => {
    const workerUrl = fakeWorker(
      'never-answers.mjs',
      "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ type: 'ready' });\nparentPort.on('message', () => {});\n",
    );
    const extractor = createWorkerExtractor({ workerUrl });
    const waiting = extractor.extract(ferryHtml, FERRY_URL);
    await extractor.close();
    assert.equal(await waiting, null);
  });
});

describe('createWorkerExtractor start and stop', () => {
  /** A worker that marks the moment it starts, loads for 300 ms (as jsdom takes a second), marks that it is ready, then answers null. */
  const slowLoader = (name: string) => {
    const started = join(tempDir, `${name}.started`);
    const ready = join(tempDir, `${name}.ready`);
    const workerUrl = fakeWorker(
      `${name}.mjs`,
      "import { parentPort } from 'node:worker_threads';\nimport { writeFileSync } from 'node:fs';\n" +
        `writeFileSync(${JSON.stringify(started)}, '');\n` +
        'const end = Date.now() + 300;\nwhile (Date.now() < end) {}\n' +
        `writeFileSync(${JSON.stringify(ready)}, '');\n` +
        "parentPort.postMessage({ type: 'ready' });\n" +
        "parentPort.on('message', (r) => parentPort.postMessage({ type: 'result', id: r.id, page: null }));\n",
    );
    return { workerUrl, started, ready };
  };

  it('starts no worker until a page or warmUp asks for one', async () => {
    const { workerUrl, started } = slowLoader('lazy');
    const extractor = createWorkerExtractor({ workerUrl });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(existsSync(started), false, 'a worker started before anything asked for it');
    extractor.warmUp?.();
    await extractor.close();
    assert.equal(existsSync(started), true, 'warmUp started the worker');
  });

  it('lets a worker still loading finish before stopping it (Node 20 aborts the process when a worker is terminated mid-import)', async () => {
    const { workerUrl, ready } = slowLoader('closing');
    const extractor = createWorkerExtractor({ workerUrl });
    extractor.warmUp?.();
    await extractor.close();
    assert.equal(existsSync(ready), true, 'close() terminated the worker while it was loading');
    await assert.rejects(extractor.extract(ferryHtml, FERRY_URL), /closed/);
  });
});
