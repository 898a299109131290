/** What every `precis` subcommand gets: its streams and environment, config, log, and helpers. */
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { openStore, targetFromConfig, type Store } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { PrecisError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { t } from '../messages/index.ts';
import type { DataCipher } from '../privacy/crypto.ts';
import { checkKeyMatchesStore, loadDataCipher } from '../privacy/data-key.ts';

export interface Io {
  stdin: Readable;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

export interface CommandContext {
  config: Config;
  log: Logger;
  io: Io;
}

/** Validates parsed flags with a zod schema; problems become a usage error (exit 2). */
export function parseFlags<T extends z.ZodType>(schema: T, values: unknown): z.infer<T> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new PrecisError('usage', { detail: parsed.error.issues.map((i) => i.message).join('; ') });
  return parsed.data;
}

/**
 * Opens the store for a maintenance command (migrated, with the data key checked) and closes it
 * afterwards, whatever happens.
 */
export async function withMaintenanceStore<T>(ctx: CommandContext, fn: (store: Store, cipher: DataCipher) => Promise<T>): Promise<T> {
  const store = await openStore(targetFromConfig(ctx.config));
  try {
    await migrate(store);
    const cipher = loadDataCipher(ctx.config, (path) => ctx.io.stderr.write(`${t(ctx.config.lang, 'setup.key_generated', { path })}\n`));
    await checkKeyMatchesStore(store, cipher);
    return await fn(store, cipher);
  } finally {
    await store.close();
  }
}
