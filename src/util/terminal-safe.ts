/**
 * Text from the web must not reach a terminal with escape sequences in it: an
 * ANSI/OSC sequence in a feed title could recolour, retitle or hyperlink-spoof
 * the reader's terminal. These functions remove them.
 */

// CSI (ESC [ … final), OSC (ESC ] … BEL or ST), DCS/SOS/PM/APC (ESC P|X|^|_ … ST), other 2-byte ESC sequences,
// and the 8-bit C1 forms of CSI (0x9B) and OSC/DCS (0x9D, 0x90…).
const ESCAPE_SEQUENCE =
  // String sequences end at BEL or ST; an unterminated one runs to the end of the text. The body
  // excludes the terminators, so the match is linear even on hostile input.
  // eslint-disable-next-line no-control-regex
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[\]PX^_][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u009b[0-?]*[ -/]*[@-~]|[\u009d\u0090\u0098\u009e\u009f][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[@-Z\\-_]?/g;

// C0 controls except tab and newline, DEL, C1 controls, and bidi overrides/isolates
// (which can make text display in a different order than it reads).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Removes escape sequences and control characters; keeps `\n` and `\t`. */
export function stripControl(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

/** One line of display text: control characters removed and all whitespace collapsed. */
export function safeLine(text: string): string {
  return stripControl(text).replace(/\s+/g, ' ').trim();
}
