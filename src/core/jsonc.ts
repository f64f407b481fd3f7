/** JSON with comments and trailing commas, as tsconfig.json allows; undefined when it is not that. */
export function parseJsonc(text: string): unknown {
  // Pieces, so that a trailing comma is dropped in place: cutting it out of one string copies all before it.
  const out: string[] = [];
  let comma = -1; // where in `out` a comma not yet followed by a value is
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out.push(text.slice(i, j + 1));
      comma = -1;
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl - 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else {
      if ((c === '}' || c === ']') && comma >= 0) out[comma] = '';
      if (c === ',') comma = out.length;
      else if (!/\s/.test(c)) comma = -1;
      out.push(c);
    }
  }
  try {
    return JSON.parse(out.join('').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}
