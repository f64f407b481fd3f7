// What the analysis has to say about a file other than the one linted (a composer.json it cannot read), said once
// per thread: the CLI takes these into the log of the file being linted (a run says each only once).

const told = new Set<string>();
let pending: { file: string; text: string }[] = [];

/** Says `text` of `file`, unless this thread said it already. */
export function sayOnce(file: string, text: string): void {
  const key = `${file}\0${text}`;
  if (told.has(key)) return;
  told.add(key);
  pending.push({ file, text });
}

/** What was said since the last call. */
export function takeRunNotices(): { file: string; text: string }[] {
  const out = pending;
  pending = [];
  return out;
}
