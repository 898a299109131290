/**
 * Problem: roles that were never created protect nothing, silently. Required behaviour: at start
 * Precis says plainly which roles or grants are missing (strict mode refuses to start),
 * `precis db roles --check` names them, `precis db roles` sets them up; the embedded default sets
 * them up by itself, since whoever runs it owns its database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { runPrecis } from '../helpers/cli.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPrecis } from '../../src/boot.ts';
import { loadConfig } from '../../src/config.ts';
import { dbRoles } from '../../src/db/roles.ts';
import { createLogger } from '../../src/log.ts';
import { execute } from '../../src/query/execute.ts';
import { storeKinds } from '../helpers/stores.ts';

const KEY = 'cd'.repeat(32);

const run = (args: string[], env: Record<string, string>) => runPrecis(args, { PRECIS_DATA_KEY: KEY, PRECIS_LOG_LEVEL: 'silent', ...env });

const postgresKind = storeKinds.find((k) => k.name === 'postgres');

describe.skipIf(!postgresKind)('database roles at start [postgres] (skipped without DATABASE_URL: roles need a server of our own)', () => {
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const opened = await postgresKind!.open();
    url = opened.url!;
    drop = opened.drop;
    await opened.store.close();
  });
  afterAll(() => drop());

  it('precis db roles --check names what is missing and exits 1', async () => {
    const r = await run(['db', 'roles', '--check'], { DATABASE_URL: url });
    expect(r.code).toBe(1);
    // On a fresh database the roles may exist server-wide (other databases) but have no grants here.
    expect(r.err).toMatch(/^Missing in PostgreSQL at /);
    expect(r.err).toMatch(/- (role precis_reader does not exist|precis_reader cannot read categories \(id, name, name_zh, parent_id\))/);
    expect(r.err).toContain('Run `precis db roles` as the database owner to set them up.');
  });

  it('answers with a plain warning when roles are missing', async () => {
    const r = await run(['ask', 'how many customers do we have?'], { DATABASE_URL: url });
    expect(r.code).toBe(0);
    expect(r.err).toContain('Warning: the database roles that keep personal columns out of answers are not in place (');
    expect(r.err).toContain('The database owner can set them up with `precis db roles`.');
  });

  it('refuses to start in strict mode when roles are missing, saying what to run', async () => {
    const r = await run(['ask', 'how many customers do we have?'], { DATABASE_URL: url, PRECIS_STRICT: 'true' });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('The database roles that keep personal columns out of answers are not in place: ');
    expect(r.err).toContain('PRECIS_STRICT is on, so Precis does not start without them.');
  });

  it('precis db roles sets them up; then strict mode starts and answers run as the reader', async () => {
    const setUp = await run(['db', 'roles'], { DATABASE_URL: url });
    expect(setUp.code).toBe(0);
    expect(setUp.out).toContain(`answers run as ${dbRoles.reader} (reads categories, customer_features, customers,`);
    expect((await run(['db', 'roles', '--check'], { DATABASE_URL: url })).code).toBe(0);

    const strict = await run(['ask', '--json', 'how many customers do we have?'], { DATABASE_URL: url, PRECIS_STRICT: '1' });
    expect(strict.code).toBe(0);
    expect(strict.err).toBe('');
    expect(JSON.parse(strict.out)).toMatchObject({ rows: [[0]] });

    const precis = await bootPrecis(loadConfig({ DATABASE_URL: url, PRECIS_DATA_KEY: KEY, PRECIS_STRICT: 'true' }), createLogger('silent', () => {}));
    try {
      expect((await execute(precis.store, sql`select current_user as who`, { timeoutMs: 1000, rowCap: 1 })).rows).toEqual([{ who: dbRoles.reader }]);
    } finally {
      await precis.close();
    }
  });
});

describe('database roles at start [pglite]', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'precis-roles-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('the embedded default sets the roles up itself, so even strict mode starts and answers run as the reader', async () => {
    const config = loadConfig({ PRECIS_DATA_DIR: dataDir, PRECIS_DATA_KEY: KEY, PRECIS_DEMO_CUSTOMERS: '20', PRECIS_STRICT: 'true' });
    const precis = await bootPrecis(config, createLogger('silent', () => {}));
    try {
      expect((await execute(precis.store, sql`select current_user as who`, { timeoutMs: 1000, rowCap: 1 })).rows).toEqual([{ who: dbRoles.reader }]);
      const answer = await precis.assistant.answer('how many customers do we have?', { id: 'local:tester', local: true });
      expect(answer.kind).toBe('table');
    } finally {
      await precis.close();
    }
  }, 120_000);
});
