import { writeFileSync } from 'node:fs';

// Preloaded with `node -r` by the bench and torture runs: on exit, writes the process's peak RSS (KB, worker
// threads included) and whether TypeScript or ts-morph were loaded, to the file named by HTL_RSS_FILE.
const out = process.env.HTL_RSS_FILE;
if (out) {
  process.on('exit', () => {
    const loaded = Object.keys(require.cache);
    const has = (dir: string) => loaded.some((p) => p.includes(`/node_modules/${dir}/`));
    writeFileSync(out, JSON.stringify({ rssKb: process.resourceUsage().maxRSS, typescript: has('typescript'), tsMorph: has('ts-morph') || has('@ts-morph/common') }));
  });
}
