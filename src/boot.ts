/**
 * Opening Precis for any door: validated config → store (PGlite or PostgreSQL) → schema check →
 * data key check → assistant. The embedded default prepares itself on first use (migrates and
 * loads the demo data); a real server is only ever changed by explicit commands.
 */
import { count } from 'drizzle-orm';
import { createAssistant, type Assistant } from './assistant/answer.ts';
import { createModelParser } from './nl/model.ts';
import type { Config } from './config.ts';
import { openStore, targetFromConfig, type Store } from './db/client.ts';
import { isMigrated, migrate } from './db/migrate.ts';
import { checkDbRoles, createDbRoles } from './db/roles.ts';
import { customers } from './db/schema/index.ts';
import { loadDemo, totalRows, type DemoProgress } from './demo/load.ts';
import { PrecisError } from './errors.ts';
import type { Logger } from './log.ts';
import type { DataCipher } from './privacy/crypto.ts';
import { checkKeyMatchesStore, loadDataCipher } from './privacy/data-key.ts';
import { answerTables } from './query/execute.ts';
import { assertCatalog } from './semantic/index.ts';

export interface Precis {
  config: Config;
  store: Store;
  cipher: DataCipher;
  assistant: Assistant;
  close(): Promise<void>;
}

export interface BootEvents {
  /** A one-off status sentence for the person waiting ("preparing the embedded database…"). */
  status?: (event: 'migrating' | 'key_generated' | 'demo_loading' | 'demo_loaded' | 'db_roles_missing', detail: string) => void;
  /** Demo load progress, step by step. */
  progress?: (p: DemoProgress) => void;
}

export async function bootPrecis(config: Config, log: Logger, events: BootEvents = {}): Promise<Precis> {
  assertCatalog();
  const store = await openStore(targetFromConfig(config)).catch((err: unknown) => {
    throw new PrecisError('db_unreachable', { detail: err instanceof Error ? err.message : String(err) }, { cause: err });
  });
  try {
    const cipher = loadDataCipher(config, (path) => events.status?.('key_generated', path));
    if (store.kind === 'pglite') await prepareEmbedded(store, cipher, config, events);
    else if (!(await isMigrated(store))) throw new PrecisError('not_migrated');
    await checkKeyMatchesStore(store, cipher);
    await checkDbRolesAtStart(store, config, log, events);
    const assistant = createAssistant({ store, config, log, model: config.model && createModelParser(config.model) });
    return { config, store, cipher, assistant, close: () => store.close() };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** First start on the embedded default: migrate, then load the demo data if the store is empty. */
async function prepareEmbedded(store: Store, cipher: DataCipher, config: Config, events: BootEvents): Promise<void> {
  if (!(await isMigrated(store))) events.status?.('migrating', config.dataDir);
  await migrate(store); // cheap when up to date; picks up new migrations after an upgrade
  const [row] = await store.db.select({ n: count() }).from(customers);
  if ((row?.n ?? 0) > 0) return;
  await checkKeyMatchesStore(store, cipher);
  events.status?.('demo_loading', String(config.demoCustomers));
  const summary = await loadDemo(store, cipher, { customers: config.demoCustomers, seed: 1, until: new Date(), baseCurrency: config.baseCurrency }, events.progress);
  events.status?.('demo_loaded', String(totalRows(summary)));
}

/**
 * The database roles that keep personal columns out of answers (src/db/roles.ts). The embedded
 * default sets them up itself; on a server its owner runs `precis db roles`, and until then
 * Precis says plainly what is missing, or, in strict mode, refuses to start.
 */
async function checkDbRolesAtStart(store: Store, config: Config, log: Logger, events: BootEvents): Promise<void> {
  const grant = { tables: answerTables(), timeoutMs: config.statementTimeoutMs };
  let problems = await checkDbRoles(store, grant.tables);
  if (problems.length > 0 && store.kind === 'pglite') {
    await createDbRoles(store, grant);
    problems = await checkDbRoles(store, grant.tables);
  }
  if (problems.length === 0) return;
  if (config.strict) throw new PrecisError('db_roles_missing', { problems: problems.join('; ') });
  log.warn('db_roles_missing', { problems });
  events.status?.('db_roles_missing', problems.join('; '));
}
