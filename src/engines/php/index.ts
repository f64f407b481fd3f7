import { CLIENTS } from '../../../rules/index';
import type { CurlHandleSpec } from '../../catalogue/define-client';
import { lineStarts } from '../../core/positions';
import type { Engine, EngineResult, EngineSettings, Finding } from '../../model/finding';
import { Interpreter } from './interpreter';
import { endOf, isParseFailure, parsePhp, startOf, type PhpNode } from './parse';
import { CurlTracker } from './special/curl-handle';
import { judgeHandle } from './special/curl-judge';

const curlSpecs = CLIENTS.filter((c): c is CurlHandleSpec => c.language === 'php' && c.special === 'curl-handle');

function relevanceTest(text: string, words: readonly string[]): (n: PhpNode) => boolean {
  const re = new RegExp(words.map((w) => w.replace(/[^\w]/g, '\\$&')).join('|'), 'i');
  return (n) => re.test(text.slice(startOf(n), endOf(n)));
}

function lintCurl(spec: CurlHandleSpec, ast: PhpNode, text: string, settings: EngineSettings, starts: number[]): Finding[] {
  const tracker = new CurlTracker(spec);
  const words = [...spec.handle.create, ...spec.handle.copy, ...spec.handle.reset, ...spec.handle.setOption, ...spec.handle.optionPrefixes];
  new Interpreter(ast, tracker, relevanceTest(text, words)).run();
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const handle of tracker.handles.values()) {
    for (const f of judgeHandle(handle, { spec, text, starts, settings })) {
      const key = `${f.range[0]}:${f.messageId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(f);
    }
  }
  return out;
}

export const phpEngine: Engine = {
  language: 'php',
  lint(text, filePath, settings): EngineResult {
    const ast = parsePhp(text, filePath);
    if (isParseFailure(ast)) return { findings: [], parseError: ast };
    const starts = lineStarts(text);
    const findings = curlSpecs.flatMap((spec) => lintCurl(spec, ast, text, settings, starts));
    return { findings: findings.sort((a, b) => a.range[0] - b.range[0]) };
  },
};
