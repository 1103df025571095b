/**
 * What brief asks the model and how it reads the answer: the output schema, the prompts for a
 * whole article, for one part of a long article and for combining the parts' notes, and the
 * validation of the model's JSON. Changing anything here means bumping PROMPT_VERSION.
 */

/** The fields the model fills in, in the order the prompt lists them. */
export interface SummaryFields {
  headline: string;
  summary: string;
  whatHappened: string;
  whyItMatters: string;
  whatToWatch: string;
}

const FIELD_NAMES = ['headline', 'summary', 'whatHappened', 'whyItMatters', 'whatToWatch'] as const;

/** JSON Schema sent as Ollama's `format`: structured outputs constrain the model to it. */
export const SUMMARY_SCHEMA = {
  type: 'object',
  properties: Object.fromEntries(FIELD_NAMES.map((name) => [name, { type: 'string' }])),
  required: [...FIELD_NAMES],
  additionalProperties: false,
} as const;

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export const SYSTEM_PROMPT = `You summarize one news article for a daily news brief.
Be neutral and factual. Use only facts stated in the article: no outside knowledge, no opinions, no speculation.
Write in the same language as the article.
Answer with a JSON object with exactly these fields, each a plain-text string:
- "headline": a neutral headline of at most 15 words.
- "summary": 2 to 4 sentences with the core of the news.
- "whatHappened": 1 or 2 sentences: the main event or development.
- "whyItMatters": 1 or 2 sentences: its significance or consequences, as the article gives them.
- "whatToWatch": 1 or 2 sentences: what comes next according to the article; if the article does not say, state that briefly.`;

/**
 * Repeated after the article: when a prompt outgrows the context window Ollama keeps its tail,
 * and a small model follows instructions it has just read more reliably.
 */
const REMINDER =
  'Reply with the JSON object only: headline (at most 15 words), summary (2-4 sentences), whatHappened, whyItMatters, whatToWatch (1-2 sentences each). Neutral, only facts from the article, in the article\'s language.';

/** The messages for summarizing a whole article. */
export function articleMessages(title: string, text: string): ChatMessage[] {
  return messages(`Summarize this news article.\n\n${delimit(title, text)}\n\n${REMINDER}`);
}

/** The messages for one part of an article too long for one request. */
export function partMessages(title: string, text: string, part: number, parts: number): ChatMessage[] {
  const intro =
    `This is part ${part} of ${parts} of a long news article; the parts are summarized one by one ` +
    'and the notes combined afterwards. Summarize this part only.';
  return messages(`${intro}\n\n${delimit(title, text)}\n\n${REMINDER}`);
}

/** The messages for combining the notes on consecutive parts into the article's summary. */
export function combineMessages(title: string, notes: string): ChatMessage[] {
  const intro =
    'Between the article tags are notes on consecutive parts of one long news article, in order. ' +
    'Summarize the whole article from these notes.';
  return messages(`${intro}\n\n${delimit(title, notes)}\n\n${REMINDER}`);
}

/** The notes a part's summary contributes to the combining request. */
export function notesFrom(fields: SummaryFields): string {
  return [fields.summary, fields.whatHappened, fields.whyItMatters, fields.whatToWatch].join('\n');
}

function messages(user: string): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: user },
  ];
}

/** The article between tags, title first. */
function delimit(title: string, body: string): string {
  return `<article>\n${title.trim()}\n\n${body.trim()}\n</article>`;
}

/**
 * Reads the model's answer: drops a `<think>…</think>` block (reasoning models that put it in the
 * content) and a Markdown code fence, parses the JSON and checks that every field is a non-empty
 * string. Extra fields are ignored. Returns null when the answer is unusable.
 */
export function parseSummaryFields(content: string): SummaryFields | null {
  const body = content
    .replace(/<think>[\s\S]*?<\/think>/g, '')
    .trim()
    .replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const fields: Partial<SummaryFields> = {};
  for (const name of FIELD_NAMES) {
    const field = record[name];
    if (typeof field !== 'string' || !field.trim()) return null;
    fields[name] = field.trim();
  }
  return fields as SummaryFields;
}
