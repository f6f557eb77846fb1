// A small JSON Schema (2020-12) validator for the tests: the keywords packages/tproc/schemas/
// use, no more (type, enum, const, properties, required, additionalProperties,
// patternProperties, items, allOf, oneOf, anyOf, pattern, minimum, maximum, format date-time,
// and $ref to #/$defs/... in the same file or in a sibling file).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Schema = Record<string, unknown>;

export const SCHEMA_DIR = new URL('../../packages/tproc/schemas', import.meta.url).pathname;

const files = new Map<string, Schema>();
function load(file: string): Schema {
  let s = files.get(file);
  if (!s) {
    s = JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as Schema;
    files.set(file, s);
  }
  return s;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function resolveRef(ref: string, file: string): { schema: Schema; file: string } {
  const [target = '', pointer = ''] = ref.split('#');
  const inFile = target === '' ? file : target;
  let node: unknown = load(inFile);
  for (const part of pointer.split('/').filter(Boolean)) node = (node as Schema)[part];
  if (!node) throw new Error(`unresolved $ref ${ref} in ${file}`);
  return { schema: node as Schema, file: inFile };
}

function check(value: unknown, schema: Schema, file: string, path: string, errors: string[]): void {
  if (typeof schema.$ref === 'string') {
    const r = resolveRef(schema.$ref, file);
    check(value, r.schema, r.file, path, errors);
  }
  const t = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((x) => x === t || (x === 'number' && t === 'integer'))) {
      errors.push(`${path}: ${JSON.stringify(value)?.slice(0, 80)} is ${t}, not ${types.join('|')}`);
      return;
    }
  }
  if (schema.enum && !(schema.enum as unknown[]).includes(value))
    errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if ('const' in schema && schema.const !== value) errors.push(`${path}: not ${JSON.stringify(schema.const)}`);
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
      errors.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
    }
    if (schema.format === 'date-time' && !(ISO.test(value) && !Number.isNaN(Date.parse(value)))) {
      errors.push(`${path}: ${value} is not an ISO 8601 date-time`);
    }
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum)
      errors.push(`${path}: ${value} < ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum)
      errors.push(`${path}: ${value} > ${schema.maximum}`);
  }
  for (const sub of (schema.allOf as Schema[] | undefined) ?? []) check(value, sub, file, path, errors);
  for (const [keyword, wanted] of [
    ['oneOf', (n: number) => n === 1],
    ['anyOf', (n: number) => n >= 1],
  ] as const) {
    const subs = schema[keyword] as Schema[] | undefined;
    if (!subs) continue;
    const passing = subs.filter((sub) => {
      const e: string[] = [];
      check(value, sub, file, path, e);
      return e.length === 0;
    }).length;
    if (!wanted(passing)) errors.push(`${path}: ${passing} of ${keyword} match ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  if (t === 'array' && schema.items) {
    (value as unknown[]).forEach((item, i) => {
      check(item, schema.items as Schema, file, `${path}[${i}]`, errors);
    });
  }
  if (t === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? []) {
      if (!(key in obj)) errors.push(`${path}: missing ${key}`);
    }
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    const patterns = Object.entries((schema.patternProperties as Record<string, Schema> | undefined) ?? {});
    for (const [key, v] of Object.entries(obj)) {
      let known = false;
      if (props[key]) {
        known = true;
        check(v, props[key], file, `${path}.${key}`, errors);
      }
      for (const [pattern, sub] of patterns) {
        if (new RegExp(pattern, 'u').test(key)) {
          known = true;
          check(v, sub, file, `${path}.${key}`, errors);
        }
      }
      if (known) continue;
      // allOf members may declare it (tree nodes extend the process object).
      const allOfKnows = ((schema.allOf as Schema[] | undefined) ?? []).some((sub) => declares(sub, file, key));
      if (allOfKnows) continue;
      if (schema.additionalProperties === false) errors.push(`${path}: unexpected key ${key}`);
      else if (typeof schema.additionalProperties === 'object') {
        check(v, schema.additionalProperties as Schema, file, `${path}.${key}`, errors);
      }
    }
  }
}

function declares(schema: Schema, file: string, key: string): boolean {
  if (typeof schema.$ref === 'string') {
    const r = resolveRef(schema.$ref, file);
    return declares(r.schema, r.file, key);
  }
  return Boolean((schema.properties as Record<string, unknown> | undefined)?.[key]);
}

/** The errors of `value` against `schemas/<name>.schema.json` ([] when valid). */
export function validate(name: string, value: unknown): string[] {
  const errors: string[] = [];
  const file = `${name}.schema.json`;
  check(value, load(file), file, '$', errors);
  return errors;
}
