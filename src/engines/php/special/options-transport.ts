import type { BoundSpec, Literal, TimeoutOption } from '../../../catalogue/define-client';
import type { OptionsClientSpec } from '../../../catalogue/php-specs';
import { readBound, type BoundReading } from '../evaluate';
import type { PhpNode } from '../parse';
import { normaliseKey, refsOf, type Value } from '../values';
import { TransportObject } from './options-records';

// How the transport the options name reads their keys (`transportKeys`): which key, if any, is the total.

type Transport = NonNullable<OptionsClientSpec['transportKeys']>['transports'][number];

export interface KeyedLayer {
  entries: ReadonlyMap<string, { value: Value; node: PhpNode | null }>;
  open: boolean;
}

export interface TransportReading<L extends KeyedLayer> {
  reading: BoundReading;
  layer: L | null;
  value: { value: Value; node: PhpNode | null } | null;
  /** The key as the options hold it; `shown`: as a message writes it (`'TIMEOUT'`, `CURLOPT_TIMEOUT`). */
  key: string;
  shown?: string;
  unit?: TimeoutOption['unit'];
  /** The transport reads none of the keys the options give for the total, and another transport would: what the message adds. */
  note?: string;
}

/**
 * The class of the transport option `key` names: null where none is named (the default), undefined where the
 * analysis cannot tell.
 */
export function transportOf(key: string, layers: readonly KeyedLayer[]): string | null | undefined {
  for (const layer of layers) {
    const hit = layer.entries.get(key);
    if (hit) {
      const v = hit.value;
      const classes = [...new Set(refsOf(v).map((r) => (r instanceof TransportObject ? r.cls : undefined)))];
      if (v.kind === 'obj') return classes.length === 1 ? classes[0] : undefined;
      const named = v.kind === 'array' && !v.open ? [...v.entries].reverse().find((e) => e.key?.value === 'class')?.value : v;
      return named?.kind === 'lit' && typeof named.value === 'string' ? named.value.replace(/^\\/, '').toLowerCase() : undefined;
    }
    if (layer.open) return undefined;
  }
  return null;
}

/** Yii's Inflector::underscore(): `_` before each capital that follows a letter, then lower case. */
function underscore(key: string): string {
  return key.replace(/(?<=\p{L})(\p{Lu})/gu, '_$1').toLowerCase();
}

/** The total option a key names on the transport (an integer key by its code), if any. */
function optionOf(t: Transport, key: string): TimeoutOption | undefined {
  if (/^-?\d+$/.test(key)) return t.options.find((o) => o.code === Number(key));
  // PHP's strtoupper() changes ASCII letters only.
  const folded = t.fold === 'upper' ? key.replace(/[a-z]+/g, (s) => s.toUpperCase()) : underscore(key);
  return t.options.find((o) => o.name === `${t.prefix}${folded}`);
}

/** Whether some transport reads the key as a total option (`addOptions(['TIMEOUT' => 5])`). */
export function transportReadsKey(spec: OptionsClientSpec, key: Literal): boolean {
  const k = String(normaliseKey(key));
  return !!spec.transportKeys?.transports.some((t) => optionOf(t, k));
}

function readOn<L extends KeyedLayer>(t: Transport, layers: readonly L[], bound: BoundSpec, opaque: boolean): TransportReading<L> {
  const first = bound.options[0]!.name;
  for (const layer of layers) {
    // The option named first keeps its place when named again (PHP arrays): options are set in that order.
    const slots = new Map<string, { option: TimeoutOption; key: string }>();
    for (const key of layer.entries.keys()) {
      const option = optionOf(t, key);
      if (option) slots.set(option.name, { option, key });
    }
    const last = [...slots.values()].at(-1);
    if (last) {
      const value = layer.entries.get(last.key)!;
      const shown = /^-?\d+$/.test(last.key) ? last.option.name : `'${last.key}'`;
      const reading = readBound(value.value, { ...bound, options: [last.option] });
      return { reading, layer, value, key: last.key, shown, unit: last.option.unit };
    }
    // contract: options the analysis cannot see count as set.
    if (layer.open) return { reading: 'set', layer, value: null, key: first };
  }
  return { reading: opaque ? 'set' : 'unset', layer: null, value: null, key: first };
}

/**
 * The total as the transport the options name reads their keys (`transportKeys`); one the analysis cannot tell
 * reads them as the transport most in the request's favour does. Null: the spec has no such transports.
 */
export function readTransportTotal<L extends KeyedLayer>(spec: OptionsClientSpec, layers: readonly L[], opaque: boolean): TransportReading<L> | null {
  const by = spec.transportKeys;
  if (!by) return null;
  const named = transportOf(by.key, layers);
  const known = by.transports.filter((t) => (named === null ? t.byDefault : named !== undefined && t.values.includes(named)));
  const readings = (known.length ? known : by.transports).map((t) => readOn(t, layers, spec.total, opaque));
  const chosen = readings.find((r) => r.reading === 'set') ?? readings.find((r) => r.reading === 'never') ?? readings[0]!;
  if (chosen.reading !== 'unset' || known.length !== 1) return chosen;
  const other = by.transports.filter((t) => t !== known[0]).map((t) => readOn(t, layers, spec.total, opaque)).find((r) => r.value);
  return other ? { ...chosen, note: ` The ${known[0]!.label} reads no ${other.shown}.` } : chosen;
}
