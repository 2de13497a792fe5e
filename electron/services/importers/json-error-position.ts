/**
 * Where a JSON text first goes wrong, for messages like "line 812, column 40".
 *
 * JSON.parse only sometimes says where it failed (Node 20 omits the position for "Unexpected
 * token" errors), so after a failed parse we re-scan the text with this small syntax checker.
 * It allocates nothing per value and keeps an explicit stack, so it copes with the same 500 MB
 * files and deeply nested coordinates that JSON.parse does.
 */

export interface JsonSyntaxProblem {
  /** Offset in UTF-16 code units (the string index), text.length for an unexpected end. */
  offset: number;
  line: number;
  column: number;
  reason: string;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** The first syntax error of `text`, or null when the text is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | null {
  const fail = (offset: number, reason: string): JsonSyntaxProblem => ({
    offset,
    ...lineColumnAt(text, offset),
    reason: offset >= text.length ? 'unexpected end of file' : reason,
  });
  const n = text.length;
  let i = 0;
  // Containers being read: '{' or '['. After a value we look at the top to know what may follow.
  const stack: number[] = [];
  const skipWs = (): void => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };

  /** Reads one scalar or opens a container; returns an error or null. */
  const readValue = (): JsonSyntaxProblem | null => {
    skipWs();
    if (i >= n) return fail(i, 'expected a value');
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push(c);
      i++;
      return null;
    }
    if (c === 0x22 /* " */) return readString();
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) return readNumber();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return null;
      }
    }
    return fail(i, `unexpected character ${JSON.stringify(text[i])}, expected a value`);
  };

  const readString = (): JsonSyntaxProblem | null => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c === 0x5c /* \ */) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail(i, 'bad \\u escape in string');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          return fail(i, 'bad escape in string');
        }
        continue;
      }
      if (c < 0x20) return fail(i, 'control character or line break inside a string');
      i++;
    }
    return fail(n, 'unterminated string');
  };

  const readNumber = (): JsonSyntaxProblem | null => {
    const m = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    m.lastIndex = i;
    const hit = m.exec(text);
    if (!hit || hit[0] === '-' || hit[0].length === 0) return fail(i, 'malformed number');
    i += hit[0].length;
    return null;
  };

  let problem = readValue();
  if (problem) return problem;
  // Loop invariant: we just finished a value, or just opened a container.
  let justOpened = stack.length > 0;
  for (;;) {
    if (stack.length === 0) {
      skipWs();
      return i < n ? fail(i, 'unexpected text after the end of the document') : null;
    }
    const top = stack[stack.length - 1]!;
    skipWs();
    if (i >= n) return fail(n, 'unexpected end of file');
    const c = text.charCodeAt(i);
    const close = top === 0x7b ? 0x7d : 0x5d;
    if (c === close) {
      stack.pop();
      i++;
      justOpened = false;
      continue;
    }
    if (!justOpened) {
      if (c !== 0x2c /* , */) {
        return fail(i, `expected ',' or '${top === 0x7b ? '}' : ']'}', found ${JSON.stringify(text[i])}`);
      }
      i++;
      skipWs();
    }
    if (top === 0x7b) {
      if (i >= n) return fail(n, 'unexpected end of file');
      if (text.charCodeAt(i) !== 0x22) {
        return fail(i, `expected a property name in double quotes, found ${JSON.stringify(text[i])}`);
      }
      problem = readString();
      if (problem) return problem;
      skipWs();
      if (text.charCodeAt(i) !== 0x3a /* : */) {
        return fail(i, `expected ':' after a property name, found ${JSON.stringify(text[i] ?? '')}`);
      }
      i++;
    }
    const depth = stack.length;
    problem = readValue();
    if (problem) return problem;
    justOpened = stack.length > depth;
  }
}

/** 1-based line and column (in characters) of a string offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let p = text.indexOf('\n'); p !== -1 && p < end; p = text.indexOf('\n', p + 1)) {
    line++;
    lineStart = p + 1;
  }
  return { line, column: end - lineStart + 1 };
}
