import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LintMessage, SuppressedMessage } from '../../core/lint';
import { PACKAGE } from '../../package-info';
import type { Failure, Notice } from '../log';
import { relativeInside } from '../paths';
import type { FileResult } from '../results';
import type { FormatContext } from './index';
import { ruleIndexes, sarifRules } from './sarif-rules';

const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';

type Json = Record<string, unknown>;

/** A file's artifactLocation: relative to %SRCROOT% (the cwd) when inside it, else an absolute file: URI. */
function artifactLocation(cwd: string, file: string): Json {
  const rel = relativeInside(cwd, file);
  if (rel === null) return { uri: pathToFileURL(file).href };
  return { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(m: { line: number; column: number; endLine?: number; endColumn?: number }): Json {
  const r: Json = { startLine: m.line, startColumn: m.column };
  if (m.endLine !== undefined) r.endLine = m.endLine;
  if (m.endColumn !== undefined) r.endColumn = m.endColumn;
  return r;
}

// SARIF's kinds: a comment in the file is `inSource`; the baseline, kept outside it, `external`.
function suppressionsOf(m: SuppressedMessage): Json[] {
  return m.suppressions.map((s) => ({ kind: s.kind === 'directive' ? 'inSource' : 'external', ...(s.justification && { justification: s.justification }) }));
}

function result(m: LintMessage, artifact: Json, indexes: Map<string, number>): Json {
  const out: Json = { ruleId: m.ruleId };
  const index = indexes.get(m.ruleId ?? '');
  if (index !== undefined) out.ruleIndex = index;
  out.level = m.severity === 2 ? 'error' : 'warning';
  out.message = { text: m.message };
  out.locations = [{ physicalLocation: { artifactLocation: artifact, region: region(m) } }];
  if (m.related?.length) {
    out.relatedLocations = m.related.map((r, id) => ({
      id,
      message: { text: r.note },
      physicalLocation: { artifactLocation: artifact, region: region(r) },
    }));
  }
  if (m.fix) {
    const [start, end] = m.fix.range;
    const replacement = { deletedRegion: { charOffset: start, charLength: end - start }, insertedContent: { text: m.fix.text } };
    out.fixes = [{ description: { text: 'Set the missing timeout' }, artifactChanges: [{ artifactLocation: artifact, replacements: [replacement] }] }];
  }
  return out;
}

// Parse errors have no rule; they go to the invocation's notifications, which code scanning shows as tool errors.
function notification(m: LintMessage, artifact: Json): Json {
  return {
    level: 'error',
    message: { text: m.message },
    locations: [{ physicalLocation: { artifactLocation: artifact, region: region(m) } }],
  };
}

// A path the run failed on has no region: its notification points at the file alone.
function failureNotification(f: Failure, cwd: string): Json {
  return { level: 'error', message: { text: f.text }, locations: [{ physicalLocation: { artifactLocation: artifactLocation(cwd, f.file) } }] };
}

// A notice (a file skipped on purpose) did not fail the run: a note, not an error.
function noticeNotification(n: Notice, cwd: string): Json {
  return { level: 'note', message: { text: n.text }, locations: [{ physicalLocation: { artifactLocation: artifactLocation(cwd, n.file) } }] };
}

/** A SARIF 2.1.0 log with one run: every catalogue rule in tool.driver.rules, one result per finding (suppressed ones marked). */
export function formatSarif(results: readonly FileResult[], context: FormatContext): string {
  const indexes = ruleIndexes();
  const findings: Json[] = [];
  const notifications: Json[] = [];
  for (const r of results) {
    const artifact = artifactLocation(context.cwd, r.filePath);
    for (const m of r.messages) {
      if (m.fatal) notifications.push(notification(m, artifact));
      else findings.push(result(m, artifact, indexes));
    }
    // Listed with their suppressions, as code scanning closes an alert whose result is suppressed.
    for (const m of r.suppressedMessages ?? []) findings.push({ ...result(m, artifact, indexes), suppressions: suppressionsOf(m) });
  }
  notifications.push(...context.failures.map((f) => failureNotification(f, context.cwd)));
  notifications.push(...(context.notices ?? []).map((n) => noticeNotification(n, context.cwd)));
  const run = {
    tool: {
      driver: { name: 'http-timeout-lint', version: PACKAGE.version, informationUri: PACKAGE.homepage, rules: sarifRules() },
    },
    invocations: [{ executionSuccessful: context.failures.length === 0, toolExecutionNotifications: notifications }],
    originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(context.cwd.endsWith(sep) ? context.cwd : context.cwd + sep).href } },
    columnKind: 'utf16CodeUnits',
    results: findings,
  };
  return JSON.stringify({ $schema: SCHEMA, version: '2.1.0', runs: [run] }, null, 2);
}
