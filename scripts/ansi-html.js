/**
 * Terminal output (the SGR colour codes chalk writes) as an HTML page that looks like a
 * terminal window, for the README's screenshot. Only what brief's terminal format uses is
 * understood: bold, dim, italic, underline, the 16 colours and the resets; any other escape
 * sequence is dropped.
 */

/** A dark terminal palette (foreground colours 30–37 and their bright forms 90–97). */
const PALETTE = ['#1d1f21', '#f2777a', '#99cc99', '#ffcc66', '#6699cc', '#cc99cc', '#66cccc', '#d0d0d0'];
const BRIGHT = ['#666666', '#ff8f8f', '#b5e8b5', '#ffe08a', '#8ab4f8', '#e0b0e0', '#8fe3e3', '#ffffff'];

const escapeHtml = (text) => text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]);

/** Applies one SGR parameter list to the current style. */
function applySgr(style, params) {
  for (const p of params.length > 0 ? params : [0]) {
    if (p === 0) Object.assign(style, { bold: false, dim: false, italic: false, underline: false, color: undefined });
    else if (p === 1) style.bold = true;
    else if (p === 2) style.dim = true;
    else if (p === 22) Object.assign(style, { bold: false, dim: false });
    else if (p === 3) style.italic = true;
    else if (p === 23) style.italic = false;
    else if (p === 4) style.underline = true;
    else if (p === 24) style.underline = false;
    else if (p >= 30 && p <= 37) style.color = PALETTE[p - 30];
    else if (p >= 90 && p <= 97) style.color = BRIGHT[p - 90];
    else if (p === 39) style.color = undefined;
  }
}

function css(style) {
  const rules = [];
  if (style.color) rules.push(`color:${style.color}`);
  if (style.bold) rules.push('font-weight:bold');
  if (style.dim) rules.push('opacity:0.62');
  if (style.italic) rules.push('font-style:italic');
  if (style.underline) rules.push('text-decoration:underline');
  return rules.join(';');
}

/** The ANSI text as HTML spans. */
export function ansiToHtml(text) {
  const style = {};
  let html = '';
  // SGR sequences are styled; every other escape sequence (OSC 8 links included) is removed.
  const pattern = /\u001b\[([0-9;]*)m|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b\[[0-?]*[ -/]*[@-~]/g;
  let last = 0;
  const push = (chunk) => {
    if (!chunk) return;
    const rules = css(style);
    html += rules ? `<span style="${rules}">${escapeHtml(chunk)}</span>` : escapeHtml(chunk);
  };
  for (const match of text.matchAll(pattern)) {
    push(text.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[1] !== undefined) applySgr(style, match[1].split(';').filter(Boolean).map(Number));
  }
  push(text.slice(last));
  return html;
}

/** A page showing the output in a terminal window `columns` wide. */
export function terminalPage(ansi, { title, columns }) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
  body { margin: 0; background: #0f1115; }
  .window { margin: 16px; border-radius: 8px; background: #1d1f21; box-shadow: 0 6px 24px rgba(0,0,0,.45); overflow: hidden; display: inline-block; }
  .bar { height: 28px; background: #2b2e33; display: flex; align-items: center; gap: 8px; padding: 0 12px; }
  .dot { width: 12px; height: 12px; border-radius: 50%; }
  .title { color: #9a9da3; font: 13px -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; margin-left: 10px; }
  pre { margin: 0; padding: 14px 16px 18px; color: #d0d0d0; font: 14px/1.45 'DejaVu Sans Mono', Menlo, Consolas, monospace; width: ${columns}ch; white-space: pre; }
</style></head>
<body><div class="window"><div class="bar"><span class="dot" style="background:#ff5f56"></span><span class="dot" style="background:#ffbd2e"></span><span class="dot" style="background:#27c93f"></span><span class="title">${escapeHtml(title)}</span></div>
<pre>${ansiToHtml(ansi)}</pre></div></body></html>
`;
}
