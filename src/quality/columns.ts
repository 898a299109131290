/**
 * What the schema promises about a checked column, so a pass can read it the cheapest exact
 * way: a NOT NULL column's count is the row count (no need to look inside the row), and a column
 * that leads a btree index can be counted in a range or walked in order from the index instead
 * of being compared on every row. Read from the Drizzle schema the migrations are made from.
 */
import { getTableColumns } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { checkedTables, type TableName } from './checks.ts';

export interface ColumnFacts {
  notNull: boolean;
  /** Leads a (non-partial) btree index, or is the primary key. */
  indexed: boolean;
  /** Stored as text (text, varchar or char): comparable with text values without a cast. */
  isText: boolean;
  /** An integer type: its values can be counted between two bounds. */
  isInteger: boolean;
}

/** @example columnFacts('orders', 'customer_id') // { notNull: true, indexed: true, isText: false, isInteger: true } */
export function columnFacts(table: TableName, column: string): ColumnFacts {
  const config = getTableConfig(checkedTables[table]);
  const c = Object.values(getTableColumns(checkedTables[table])).find((k) => k.name === column);
  if (!c) throw new Error(`${table} has no column ${column}`);
  const leads = config.indexes.some((i) => {
    const first = i.config.columns[0];
    // An expression (SQL) has no name: only a plain leading column counts.
    return !i.config.where && (i.config.method ?? 'btree') === 'btree' && first !== undefined && 'name' in first && first.name === column;
  });
  return { notNull: c.notNull, indexed: c.primary || leads, isText: c.dataType === 'string', isInteger: ['smallint', 'integer', 'bigint'].includes(c.getSQLType()) };
}
