type Style = (text: string) => string;

/** ANSI styles, or the identity when colour is off. */
export interface Paint {
  red: Style;
  yellow: Style;
  dim: Style;
  bold: Style;
  underline: Style;
}

function ansi(open: number, close: number): Style {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const PLAIN: Style = (text) => text;

export function paint(color: boolean): Paint {
  if (!color) return { red: PLAIN, yellow: PLAIN, dim: PLAIN, bold: PLAIN, underline: PLAIN };
  return { red: ansi(31, 39), yellow: ansi(33, 39), dim: ansi(2, 22), bold: ansi(1, 22), underline: ansi(4, 24) };
}
