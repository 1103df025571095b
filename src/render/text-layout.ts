/** Display width and word wrapping for terminal text, aware of wide (CJK) characters. */

const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

export function charWidth(ch: string): number {
  return WIDE.test(ch) ? 2 : 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  return width;
}

/**
 * Wraps plain text (no escape codes) to `width` columns. Breaks at spaces; a run
 * without spaces (a URL, or CJK text) is broken where it must, by character.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  const push = () => {
    lines.push(line.trimEnd());
    line = '';
    lineWidth = 0;
  };
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const w = displayWidth(word);
    if (lineWidth > 0 && lineWidth + 1 + w <= width) {
      line += ` ${word}`;
      lineWidth += 1 + w;
      continue;
    }
    if (lineWidth > 0 && w <= width) {
      push();
      line = word;
      lineWidth = w;
      continue;
    }
    // The word does not fit on a line of its own: fill the current line with it, character by character.
    for (const ch of lineWidth > 0 ? ` ${word}` : word) {
      const cw = charWidth(ch);
      if (lineWidth + cw > width) push();
      if (lineWidth === 0 && ch === ' ') continue;
      line += ch;
      lineWidth += cw;
    }
  }
  if (line) push();
  return lines.length > 0 ? lines : [''];
}

/**
 * A numbered heading wrapped to `width` and indented by `indent`: the first line starts with
 * "N." padded to the indent ("10. " when the number needs more room, the text then wrapped a
 * little narrower so no line is wider than `width`).
 */
export function numberedLines(n: number, text: string, indent: string, width: number): Array<{ prefix: string; line: string }> {
  const label = `${n}.`;
  const prefix = label.length < indent.length ? label.padEnd(indent.length) : `${label} `;
  return wrap(text, width - prefix.length).map((line, i) => ({ prefix: i === 0 ? prefix : indent, line }));
}
