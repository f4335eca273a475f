/**
 * Looks inside the policy's zod schema, so error messages can list the fields a map accepts
 * ("expected one of: strategy, members, caps") and say what a missing field should hold.
 */
import { z } from 'zod';
import type { PolicyPath } from './errors.js';

type Schema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  getter?: () => Schema;
  shape?: Record<string, Schema>;
  keyType?: Schema;
  valueType?: Schema;
  element?: Schema;
  options?: Schema[];
  entries?: Record<string, string | number>;
  values?: unknown[];
}

const WRAPPERS = new Set(['optional', 'nullable', 'nonoptional', 'default', 'prefault', 'catch', 'readonly']);

const defOf = (schema: Schema): Def => schema._zod.def as unknown as Def;

/** The schema that checks the input, past optional/default/transform wrappers. */
export function unwrap(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else if (def.type === 'lazy' && def.getter) current = def.getter();
    else return current;
  }
}

/**
 * The schema for the value at `path`. Through a union it follows the first alternative that has
 * the next step (zod reports a union's issues directly when only one alternative fits the input).
 */
export function schemaAt(root: Schema, path: PolicyPath): Schema | undefined {
  if (path.length === 0) return root;
  const [segment, ...rest] = path;
  const def = defOf(unwrap(root));
  if (def.type === 'union') {
    for (const option of def.options ?? []) {
      const found = schemaAt(option, path);
      if (found) return found;
    }
    return undefined;
  }
  let next: Schema | undefined;
  if (def.type === 'object') next = def.shape?.[String(segment)];
  else if (def.type === 'record') next = def.valueType;
  else if (def.type === 'array') next = def.element;
  return next && schemaAt(next, rest);
}

/** The alternatives of the union at `path`, in order, if there is one. */
export function unionOptions(root: Schema, path: PolicyPath): readonly Schema[] | undefined {
  const at = schemaAt(root, path);
  if (!at) return undefined;
  const def = defOf(unwrap(at));
  return def.type === 'union' ? def.options : undefined;
}

/** Field names a map at `path` accepts: an object's keys, or a record's enumerated keys. */
export function knownKeys(root: Schema, path: PolicyPath): string[] {
  const at = schemaAt(root, path);
  if (!at) return [];
  const def = defOf(unwrap(at));
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  if (def.type === 'record' && def.keyType) return enumValues(def.keyType);
  if (def.type === 'union') return [...new Set((def.options ?? []).flatMap((option) => knownKeys(option, [])))];
  return [];
}

export function enumValues(schema: Schema): string[] {
  const def = defOf(unwrap(schema));
  if (def.type === 'enum') return Object.values(def.entries ?? {}).map(String);
  if (def.type === 'literal') return (def.values ?? []).map(String);
  return [];
}

/** The `description` given with `.meta()` on the schema or any wrapper around it. */
export function descriptionOf(schema: Schema | undefined): string | undefined {
  let current = schema;
  while (current) {
    const description = z.globalRegistry.get(current)?.description;
    if (description) return description;
    const def = defOf(current);
    if (WRAPPERS.has(def.type)) current = def.innerType;
    else if (def.type === 'pipe') current = def.in;
    else return undefined;
  }
  return undefined;
}

/** What a value of this schema looks like, for "missing field" messages: "a list", "a map of fields". */
export function expectedKind(schema: Schema | undefined): string | undefined {
  if (!schema) return undefined;
  const def = defOf(unwrap(schema));
  switch (def.type) {
    case 'object':
    case 'record':
      return 'a map of fields';
    case 'array':
      return 'a list';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'enum':
    case 'literal':
      return `one of: ${enumValues(schema).join(', ')}`;
    case 'string':
      return 'text';
    default:
      return undefined;
  }
}
