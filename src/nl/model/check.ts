/**
 * Reads one tool call of the model: JSON, then the zod DSL, then allowed filter values, then
 * the catalog rules of query/validate.ts. Every problem is collected twice: as a sentence the
 * model can act on in the repair round, and as a code for the caller. Codes carry paths, ids
 * and zod issue kinds only — never the question, a value or the model's text.
 */
import { z } from 'zod';
import { t } from '../../messages/index.ts';
import { QuerySpec } from '../../query/dsl.ts';
import { validate } from '../../query/validate.ts';
import { dropForcedNulls, inputJsonSchema, strictJsonSchema, type JsonSchema } from './schema.ts';
import type { PromptValue } from './prompt.ts';

export const ANSWER_TOOL = 'answer_query';
export const CLARIFY_TOOL = 'ask_clarification';

export const ClarifyArgs = z.object({
  question: z.string().trim().min(1).max(300),
  options: z.array(z.string().trim().min(1).max(200)).max(6),
});

const querySchema = inputJsonSchema(QuerySpec);
const clarifySchema = inputJsonSchema(ClarifyArgs);

/** Strict tool parameter schemas, derived from the zod schemas when this module loads. */
export const toolParameters: Record<typeof ANSWER_TOOL | typeof CLARIFY_TOOL, JsonSchema> = {
  [ANSWER_TOOL]: strictJsonSchema(querySchema),
  [CLARIFY_TOOL]: strictJsonSchema(clarifySchema),
};

export type Checked =
  | { ok: true; value: { kind: 'query'; query: QuerySpec } | { kind: 'clarify'; question: string; options: string[] } }
  | { ok: false; problems: string[]; codes: string[] };

const normalize = (text: string) => text.normalize('NFKC').toLowerCase().trim();

function at(value: unknown, path: readonly PropertyKey[]): unknown {
  let here = value;
  for (const key of path) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}

function parseArguments(raw: string): { ok: true; value: unknown } | { ok: false; problems: string[]; codes: string[] } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (err) {
    return { ok: false, problems: [`The arguments are not valid JSON (${(err as Error).message}). Send one JSON object.`], codes: ['invalid_json'] };
  }
}

function schemaProblems(error: z.ZodError, input: unknown): { problems: string[]; codes: string[] } {
  const problems: string[] = [];
  const codes: string[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '(root)';
    const got = at(input, issue.path);
    const shown = got === undefined ? 'missing' : JSON.stringify(got)?.slice(0, 80);
    problems.push(`${path}: ${issue.message} (got ${shown})`);
    codes.push(`schema:${path}:${issue.code}`);
  }
  return { problems, codes };
}

/**
 * Replaces filter values by their canonical form ("上海" → "Shanghai") where the dimension has a
 * list of allowed values; a value outside the list is a problem. Dimensions without a list
 * (product titles) keep what the model wrote.
 */
function canonicalFilters(query: QuerySpec, values: readonly PromptValue[]): { query: QuerySpec; problems: string[]; codes: string[] } {
  const problems: string[] = [];
  const codes: string[] = [];
  const filters = query.filters.map((filter, i) => {
    const allowed = values.filter((v) => v.dimension === filter.dimension);
    if (allowed.length === 0) return filter;
    const canonical = filter.values.map((value, j) => {
      const wanted = normalize(value);
      const hit =
        allowed.find((v) => v.value === value) ??
        allowed.find((v) => normalize(v.value) === wanted) ??
        allowed.find((v) => v.phrases.some((p) => normalize(p) === wanted));
      if (hit) return hit.value;
      problems.push(`filters.${i}.values.${j}: ${JSON.stringify(value)} is not an allowed ${filter.dimension} value; use one of the allowed values, or ask_clarification.`);
      codes.push(`unknown_value:${filter.dimension}`);
      return value;
    });
    return { ...filter, values: [...new Set(canonical)] };
  });
  return { query: { ...query, filters }, problems, codes };
}

/** Checks one tool call's name and arguments; returns the result or every problem found. */
export function checkToolCall(name: string, rawArguments: string, values: readonly PromptValue[]): Checked {
  if (name !== ANSWER_TOOL && name !== CLARIFY_TOOL) {
    return { ok: false, problems: [`There is no tool named ${JSON.stringify(name.slice(0, 60))}; call ${ANSWER_TOOL} or ${CLARIFY_TOOL}.`], codes: ['unknown_tool'] };
  }
  const parsed = parseArguments(rawArguments);
  if (!parsed.ok) return parsed;

  if (name === CLARIFY_TOOL) {
    const args = ClarifyArgs.safeParse(dropForcedNulls(parsed.value, clarifySchema));
    if (!args.success) return { ok: false, ...schemaProblems(args.error, parsed.value) };
    return { ok: true, value: { kind: 'clarify', question: args.data.question, options: args.data.options } };
  }

  const input = dropForcedNulls(parsed.value, querySchema);
  const spec = QuerySpec.safeParse(input);
  if (!spec.success) return { ok: false, ...schemaProblems(spec.error, input) };

  const canonical = canonicalFilters(spec.data, values);
  const { problems: catalogProblems } = validate(canonical.query);
  const problems = [...canonical.problems, ...catalogProblems.map((p) => t('en', p.key, p.params))];
  const codes = [...canonical.codes, ...catalogProblems.map((p) => `catalog:${p.key}`)];
  if (problems.length > 0) return { ok: false, problems, codes };
  return { ok: true, value: { kind: 'query', query: canonical.query } };
}
