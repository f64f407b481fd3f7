import { describe, expect, test } from 'vitest';
import { isScriptHost, jsCodeOf, scriptView } from '../../src/core/script-blocks';

/** The code a view keeps, trimmed of the spaces that stand for markup. */
function kept(text: string, file: string): string[] {
  return scriptView(text, file)!.code.split(/\r\n|\r|\n/).map((l) => l.trim()).filter(Boolean);
}

describe('scriptView', () => {
  test('only host files have one; other text is read as it is', () => {
    for (const f of ['a.vue', 'a.svelte', 'a.astro', 'a.html', 'A.HTM']) expect(isScriptHost(f)).toBe(true);
    for (const f of ['a.js', 'a.ts', 'vue', 'x.vue/a.js', 'a.php']) expect(isScriptHost(f)).toBe(false);
    expect(scriptView('fetch(u)', 'a.ts')).toBeNull();
    expect(jsCodeOf('fetch(u)', 'a.ts')).toBe('fetch(u)');
  });

  test('keeps offsets, line breaks (CRLF too) and the script text itself', () => {
    const text = '<template>\r\n  <p>it\'s</p>\r\n</template>\r\n<script>\r\nfetch(u);\r\n</script>\r\n<style>p{}</style>\r\n';
    const { code } = scriptView(text, 'a.vue')!;
    expect(code.length).toBe(text.length);
    expect(code.replace(/[^\r\n]/g, '')).toBe(text.replace(/[^\r\n]/g, ''));
    expect(code.indexOf('fetch(u);')).toBe(text.indexOf('fetch(u);'));
    expect(kept(text, 'a.vue')).toEqual(['fetch(u);']);
  });

  test('a Vue component: its template, custom blocks, styles and comments hold no script', () => {
    const text = [
      '<template><div><template v-if="a"><b/></template><script>one()</script></div></template>',
      '<!-- <script>two()</script> -->',
      '<docs><script>three()</script></docs>',
      '<script setup lang="ts" generic="T extends Record<string, unknown>">four()</script>',
      '<style>a::after { content: "<script>five()</script>" }</style>',
    ].join('\n');
    expect(kept(text, 'c.vue')).toEqual(['four()']);
    expect(scriptView(text, 'c.vue')!.syntax).toBe('ts');
  });

  test('scripts that hold no JS are left out: data, external files, other languages', () => {
    const text = [
      '<script type="application/ld+json">{"a": 1}</script>',
      '<script src="/x.js"></script>',
      '<script type="text/template"><p>{{a}}</p></script>',
      '<script lang="coffee">b = -> c()</script>',
      '<script type="module">d()</script>',
      '<SCRIPT>e()</SCRIPT>',
      '<script/>',
    ].join('\n');
    expect(kept(text, 'p.html')).toEqual(['d()', 'e()']);
    expect(scriptView(text, 'p.html')!.syntax).toBe('js');
  });

  test('a Svelte component: both script blocks; the widest syntax wins', () => {
    const text = '<script context="module">export const a = 1;</script>\n<script lang="tsx">let b: number = 2;</script>\n<p>{b}</p>';
    expect(kept(text, 's.svelte')).toEqual(['export const a = 1;', 'let b: number = 2;']);
    expect(scriptView(text, 's.svelte')!.syntax).toBe('tsx');
  });

  test('an Astro page: the fenced component script and the page scripts, all TypeScript', () => {
    const text = '---\nconst a: number = await f();\n---\n<h1>---</h1>\n<script>g()</script>\n';
    expect(kept(text, 'i.astro')).toEqual(['const a: number = await f();', 'g()']);
    expect(scriptView(text, 'i.astro')!.syntax).toBe('ts');
    // Without a fence at the start there is no component script.
    expect(kept('<h1>a</h1>\n---\nnot()\n---\n', 'i.astro')).toEqual([]);
  });

  test('an unclosed script runs to the end; an unclosed comment or tag ends the scan', () => {
    expect(kept('<p></p>\n<script>\nfetch(u)\n', 'a.vue')).toEqual(['fetch(u)']);
    expect(kept('<!-- <script>a()</script>', 'a.html')).toEqual([]);
    expect(kept('<script lang="ts', 'a.html')).toEqual([]);
  });
});
