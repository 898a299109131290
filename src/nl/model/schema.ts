/**
 * Tool parameter schemas for the model, derived at runtime from the zod DSL: whatever the DSL
 * grows (a metric, a field), the model sees it without an edit here. Strict function calling
 * wants every property required and closed objects, so optional fields are sent as nullable
 * and the model's nulls for them are dropped again before zod reads the arguments.
 */
import { z } from 'zod';

export type JsonSchema = { [keyword: string]: unknown };

/** Keywords strict structured output accepts; others (minLength, …) stay with zod, which checks them anyway. */
const KEPT = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'anyOf',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'description',
  'title',
  '$ref',
  '$defs',
  'definitions',
]);

const isRecord = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The input JSON Schema of a zod type, as zod writes it (draft 7; unrepresentable parts become `{}`). */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

export function acceptsNull(schema: unknown): boolean {
  if (!isRecord(schema)) return schema === true;
  if (schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null'))) return true;
  if (schema.const === null || (Array.isArray(schema.enum) && schema.enum.includes(null))) return true;
  const branches = [schema.anyOf, schema.oneOf].filter(Array.isArray).flat();
  return branches.some(acceptsNull) || Object.keys(schema).every((k) => !['type', 'const', 'enum', 'anyOf', 'oneOf', '$ref'].includes(k));
}

/**
 * The strict form of a JSON Schema: closed objects, every property required (optional ones made
 * nullable), oneOf as anyOf, only supported keywords, and no regex where a format says it.
 */
export function strictJsonSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'oneOf' && Array.isArray(value)) out.anyOf = value.map((b) => (isRecord(b) ? strictJsonSchema(b) : b));
    else if (!KEPT.has(keyword)) continue;
    else if (keyword === 'anyOf' && Array.isArray(value)) out.anyOf = value.map((b) => (isRecord(b) ? strictJsonSchema(b) : b));
    else if ((keyword === 'items' || keyword === 'additionalProperties') && isRecord(value)) out[keyword] = strictJsonSchema(value);
    else if ((keyword === '$defs' || keyword === 'definitions') && isRecord(value)) {
      out[keyword] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isRecord(v) ? strictJsonSchema(v) : v]));
    } else out[keyword] = value;
  }
  if (typeof out.format === 'string') delete out.pattern;
  if (isRecord(out.properties)) {
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    const properties: JsonSchema = {};
    for (const [key, value] of Object.entries(out.properties)) {
      const strict = isRecord(value) ? strictJsonSchema(value) : value;
      properties[key] = required.has(key) || acceptsNull(strict) ? strict : { anyOf: [strict, { type: 'null' }] };
    }
    out.properties = properties;
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  return out;
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const [, where, name] = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref) ?? [];
  const target = where && name && isRecord(root[where]) ? (root[where] as JsonSchema)[decodeURIComponent(name)] : undefined;
  return isRecord(target) ? target : {};
}

/**
 * Removes the nulls strict mode forced on optional fields (`compare: null` where the DSL says
 * "absent"), reading the original, non-strict schema. Other values are returned as they came.
 */
export function dropForcedNulls(value: unknown, schema: JsonSchema, root: JsonSchema = schema): unknown {
  const s = resolve(schema, root);
  if (Array.isArray(value)) {
    return isRecord(s.items) ? value.map((v) => dropForcedNulls(v, s.items as JsonSchema, root)) : value;
  }
  if (isRecord(value)) {
    if (isRecord(s.properties)) {
      const required = new Set(Array.isArray(s.required) ? s.required : []);
      const out: JsonSchema = {};
      for (const [key, v] of Object.entries(value)) {
        const ps = s.properties[key];
        if (!isRecord(ps)) out[key] = v;
        else if (v === null && !required.has(key) && !acceptsNull(resolve(ps, root))) continue;
        else out[key] = dropForcedNulls(v, ps, root);
      }
      return out;
    }
    const branch = [s.anyOf, s.oneOf]
      .filter(Array.isArray)
      .flat()
      .find((b): b is JsonSchema => isRecord(b) && isRecord(resolve(b, root).properties));
    return branch ? dropForcedNulls(value, branch, root) : value;
  }
  return value;
}
