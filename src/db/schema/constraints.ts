/** Helpers for CHECK constraints, whose text drizzle-kit writes into migrations verbatim. */
import { sql, type SQL } from 'drizzle-orm';

/**
 * A list of known literals for `in (…)`: constraints cannot take parameters, so the values are
 * inlined. Only the schema's own constant lists come here, never input.
 */
export const literalList = (values: readonly string[]): SQL => sql.raw(values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', '));
