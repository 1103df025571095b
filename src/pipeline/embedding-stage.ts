import type { Store } from '../store/store.js';
import type { Embedder } from '../summarize/ollama.js';
import { sha256 } from '../util/hash.js';

/** Texts per /api/embed request. */
const BATCH = 64;

/**
 * Vectors for the texts to cluster, by id (clustering makes them unit length): from the store when this model embedded
 * the same text before (the key hashes model and text), else from the embedder in batches, each
 * stored as it arrives (a run that fails half way keeps what it paid for). Throws the embedder's
 * SummarizerError.
 */
export async function embedForClustering(
  items: ReadonlyArray<{ id: string; text: string }>,
  embedder: Embedder,
  store: Store,
  now: () => Date,
): Promise<Map<string, Float32Array>> {
  const keys = items.map((item) => sha256(`${embedder.model}\n${item.text}`));
  const vectors = store.embeddings([...new Set(keys)]);
  const missing = new Map<string, string>();
  items.forEach((item, i) => {
    if (!vectors.has(keys[i]!)) missing.set(keys[i]!, item.text);
  });
  const todo = [...missing];
  for (let start = 0; start < todo.length; start += BATCH) {
    const batch = todo.slice(start, start + BATCH);
    const answers = await embedder.embed(batch.map(([, text]) => text));
    const rows = batch.map(([key], i) => ({ key, model: embedder.model, vector: Float32Array.from(answers[i]!) }));
    store.saveEmbeddings(rows, now().toISOString());
    for (const row of rows) vectors.set(row.key, row.vector);
  }
  return new Map(items.map((item, i) => [item.id, vectors.get(keys[i]!)!]));
}
