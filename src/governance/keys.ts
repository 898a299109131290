/**
 * Key rotation: every personal field's ciphertext not under the key ring's current key is
 * decrypted and encrypted again under it. Blind indexes derive from the ring's root key, so they
 * do not change and lookups work throughout. No downtime: each page of rows is its own short
 * transaction, readers decrypt old and new ciphertexts alike, and a row written meanwhile is not
 * overwritten (each update checks the value it replaces is still there; a changed row is
 * re-read on the next run). Never logs or returns a clear value.
 */
import { sql, type SQLChunk } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { recordAudit } from '../privacy/audit.ts';
import type { DataCipher } from '../privacy/crypto.ts';

/** Every column that holds ciphertext, with the columns that identify its row. */
const encrypted: { table: string; key: string[]; columns: string[] }[] = [
  { table: 'customers', key: ['id'], columns: ['email_enc', 'phone_enc', 'name_enc', 'address_enc'] },
  { table: 'quarantine', key: ['id'], columns: ['raw'] },
  { table: 'stage_customers', key: ['batch_id', 'line'], columns: ['email_enc', 'phone_enc', 'name_enc', 'address_enc', 'match_enc'] },
  { table: 'stage_quarantine', key: ['batch_id', 'line'], columns: ['raw'] },
];

export interface RotationResult {
  keyId: string;
  /** Values re-encrypted, per table. */
  reencrypted: Record<string, number>;
  /** Rows changed by someone else between read and update: left for the next run. */
  skipped: number;
  seconds: number;
}

const PAGE = 1000;
const list = (parts: SQLChunk[]) => sql.join(parts, sql`, `);

async function rotateTable(store: Store, cipher: DataCipher, spec: (typeof encrypted)[number]): Promise<{ values: number; skipped: number }> {
  const keyCols = spec.key.map((k) => sql.identifier(k));
  const cols = [...spec.key, ...spec.columns].map((c) => sql.identifier(c));
  let values = 0;
  let skipped = 0;
  let after: unknown[] | undefined;
  for (;;) {
    const from = after ? sql`where (${list(keyCols)}) > (${list(after.map((v) => sql`${v}`))})` : sql``;
    const page = await store.rows<Record<string, unknown>>(sql`select ${list(cols)} from ${sql.identifier(spec.table)} ${from} order by ${list(keyCols)} limit ${PAGE}`);
    if (page.length === 0) break;
    after = spec.key.map((k) => page[page.length - 1]![k]);
    const stale = page.filter((row) => spec.columns.some((c) => typeof row[c] === 'string' && !cipher.isCurrent(row[c] as string)));
    if (stale.length === 0) continue;
    await store.db.transaction(async (tx) => {
      for (const row of stale) {
        const changes = spec.columns.filter((c) => typeof row[c] === 'string' && !cipher.isCurrent(row[c] as string));
        const set = list(changes.map((c) => sql`${sql.identifier(c)} = ${cipher.encrypt(cipher.decrypt(row[c] as string))}`));
        const where = sql.join([...spec.key.map((k) => sql`${sql.identifier(k)} = ${row[k]}`), ...changes.map((c) => sql`${sql.identifier(c)} = ${row[c]}`)], sql` and `);
        const [done] = await store.rows<{ n: unknown }>(sql`with u as (update ${sql.identifier(spec.table)} set ${set} where ${where} returning 1) select count(*)::int as n from u`, tx);
        if (Number(done?.n ?? 0) === 1) values += changes.length;
        else skipped += 1;
      }
    });
  }
  return { values, skipped };
}

/** Re-encrypts everything under `cipher`'s current key; audited (key id and counts). */
export async function rotateKeys(store: Store, cipher: DataCipher, actor: string, now = new Date()): Promise<RotationResult> {
  const started = performance.now();
  const reencrypted: Record<string, number> = {};
  let skipped = 0;
  for (const spec of encrypted) {
    const r = await rotateTable(store, cipher, spec);
    reencrypted[spec.table] = r.values;
    skipped += r.skipped;
  }
  await recordAudit(store, { actor, action: 'keys_rotate', detail: { keyId: cipher.keyId, reencrypted, skipped } }, now);
  return { keyId: cipher.keyId, reencrypted, skipped, seconds: (performance.now() - started) / 1000 };
}
