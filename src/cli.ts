/**
 * The `precis` command. Each subcommand validates its flags (zod), opens Precis, does one thing,
 * and renders errors the same way: the user's message on stderr, the detail only in the log.
 * Exit codes: 0 done, 1 could not do it (not understood, refused, failed), 2 wrong usage.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { count } from 'drizzle-orm';
import { z } from 'zod';
import type { BootEvents, Precis } from './boot.ts';
import { loadConfig, type Config } from './config.ts';
import { parseFlags, withMaintenanceStore, type CommandContext, type Io } from './commands/common.ts';
import { createProgress } from './console/progress.ts';
import { openStore, targetFromConfig } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { customers, orders } from './db/schema/index.ts';
import { loadDemo, totalRows, type DemoProgress } from './demo/load.ts';
import { PrecisError, toPrecisError } from './errors.ts';
import { createLogger, type Logger } from './log.ts';
import { t } from './messages/index.ts';
import type { Actor } from './privacy/access.ts';
import { toJson } from './present/json.ts';
import { renderText } from './present/text.ts';

const USAGE = `precis — precise, private marketing answers

Usage:
  precis start                          the Slack bot when SLACK_* is set, else chat in the terminal (what \`npm start\` runs)
  precis ask "<question>" [--json] [--as <slack-user-id>]
                                        answer one question and exit
  precis verify "<question>" [--like "<phrasing>"]
                                        mark how a question must be read (admins), answered with ✓ from then on
  precis role grant <slack-user-id> <viewer|marketer|manager|admin> [--expires YYYY-MM-DD] | revoke <id> | list
                                        who may use Precis in Slack (every change is audited)
  precis schedule add "<cron>" <channel-id> <kind> [--tz Zone] [--gate] [--lang en|zh] | list | pause <id> | resume <id> | remove <id> | run <id>
                                        scheduled reports to Slack (admins; "run" posts one now)
  precis db migrate                     create or upgrade the tables
  precis db roles [--check]             create the database roles that keep personal columns out of answers (database owner, once)
  precis access review [--json]         who has which role, granted by whom, expiry, last use; flags what needs a look (admins)
  precis demo load [--customers N] [--seed S] [--until YYYY-MM-DD] [--replace] [--out DIR]
                                        generate the demo shop's dirty exports and ingest them
                                        (--out keeps the exports and truth.json in DIR)
  precis demo generate --out DIR [--customers N] [--seed S] [--until YYYY-MM-DD]
                                        only write the exports and truth.json
  precis ingest <file|dir> --platform <name> [--mapping <name|file>] [--dry-run] [--json]
  precis ingest <drop> [--dry-run] [--json]
                                        cleanse and load CSV / NDJSON exports; a drop is a folder
                                        of platform folders (tmall/, jd/, …), as demo generate writes
  precis ingest evaluate --truth DIR/truth.json | --febrl <file.csv> --platform <name> [--json]
                                        score merges, matches and problems caught against truth
  precis quarantine list | show <batch> [--reason R] [--limit N] | retry <batch> [--mapping M]
                                        rows that could not be loaded, and why
  precis export request "<question>" --reason R [--scope personal] | list | approve <id> | deny <id> --reason R | download <id> --out FILE [--as <slack-user-id>]
                                        exports with admin approval (not your own; personal scope: two admins); files expire
  precis feedback [--all] [--since YYYY-MM-DD] [--limit N] [--json]
                                        the review list: answers marked 👎 and why, with the query in words
  precis features refresh [--json]      recompute customer features and RFM segments (also runs after each ingest)
  precis quality run [--json] | report [--run <id>] [--details] [--json]
                                        run the data-quality checks and print the report (report: a stored run, without running)
  precis audit verify [--json] | search [--actor A] [--action X] [--since D] [--until D] [--limit N] [--json]
                                        check the audit log's hash chain; find entries (admins)
  precis erase --customer <id|email|phone> [--phone-region CN] [--json]
                                        forget one person everywhere; orders stay, anonymous; prints a receipt
  precis backup create [--out FILE] | restore <file> [--force] | drill [--file FILE] [--json]
                                        encrypted backups; a drill restores into a scratch database and compares
  precis keys rotate [--json]           re-encrypt personal fields under a new key; blind indexes keep working
  precis help                           this text

Questions look like: "how many customers do we have?", "revenue by city last 30 days",
"top 10 products by revenue in 2025", "上个月各平台的销售额".
Configuration comes from the environment; see README.md.`;

const defaultIo = (): Io => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });

const localActor = (): Actor => ({ id: `local:${userInfo().username}`, local: true });

/** Shows a demo load table by table, then its total. */
function demoReporter(config: Config, io: Io) {
  const progress = createProgress(io.stderr, t(config.lang, 'setup.demo_loading'));
  return {
    onProgress: (p: DemoProgress) => progress.show(`${p.step} (${p.done}/${p.total})`),
    finish: (rows: number) => progress.done(`${rows.toLocaleString('en-US')} rows`),
  };
}

/** Status lines for the person waiting while the embedded default prepares itself. */
function bootEvents(config: Config, io: Io): BootEvents {
  const demo = demoReporter(config, io);
  return {
    status(event, detail) {
      if (event === 'migrating') io.stderr.write(`${t(config.lang, 'setup.migrating', { dir: detail })}\n`);
      if (event === 'key_generated') io.stderr.write(`${t(config.lang, 'setup.key_generated', { path: detail })}\n`);
      if (event === 'db_roles_missing') io.stderr.write(`${t(config.lang, 'setup.db_roles_missing', { problems: detail })}\n`);
      if (event === 'demo_loaded') demo.finish(Number(detail));
    },
    progress: demo.onProgress,
  };
}

async function withPrecis<T>(config: Config, log: Logger, io: Io, fn: (precis: Precis) => Promise<T>): Promise<T> {
  const { bootPrecis } = await import('./boot.ts');
  const precis = await bootPrecis(config, log, bootEvents(config, io));
  try {
    return await fn(precis);
  } finally {
    await precis.close();
  }
}

const AskFlags = z.object({
  json: z.boolean().default(false),
  as: z.string().regex(/^[UW][A-Z0-9]{2,}$/, '--as takes a Slack user id such as U012ABCDEF').optional(),
});

async function ask(args: string[], config: Config, log: Logger, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' }, as: { type: 'string' } }, allowPositionals: true });
  const flags = parseFlags(AskFlags, values);
  const question = positionals.join(' ').trim();
  if (!question) throw new PrecisError('usage', { detail: 'precis ask needs a question, e.g. precis ask "how many customers do we have?"' });
  const actor: Actor = flags.as ? { id: flags.as, local: false } : localActor();

  return withPrecis(config, log, io, async ({ assistant }) => {
    const answer = await assistant.answer(question, actor);
    if (answer.kind === 'table') {
      io.stdout.write(flags.json ? `${JSON.stringify(toJson(answer))}\n` : `${renderText(answer)}\n`);
      return 0;
    }
    // Something done or reported ("saved", the quality report): output, not a failure.
    if (answer.kind === 'notice' || answer.kind === 'report') {
      io.stdout.write(`${renderText(answer)}\n`);
      return 0;
    }
    io.stderr.write(`${renderText(answer)}\n`);
    return answer.kind === 'help' && !answer.notUnderstood ? 0 : 1;
  });
}

async function verify(args: string[], config: Config, log: Logger, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { like: { type: 'string' } }, allowPositionals: true });
  const question = positionals.join(' ').trim();
  if (!question) throw new PrecisError('usage', { detail: 'precis verify needs the question, e.g. precis verify "revenue by city last month" [--like "<a phrasing read right>"]' });
  return withPrecis(config, log, io, async ({ assistant }) => {
    const answer = await assistant.verify(question, localActor(), values.like);
    (answer.kind === 'table' ? io.stdout : io.stderr).write(`${renderText(answer)}\n`);
    return answer.kind === 'table' ? 0 : 1;
  });
}

const DemoFlags = z.object({
  out: z.string().optional(),
  customers: z.coerce.number().int().min(10, '--customers must be at least 10').max(2_000_000).optional(),
  seed: z.coerce.number().int().min(0).default(1),
  until: z.iso.date('--until takes a date such as 2026-11-28').optional(),
  replace: z.boolean().default(false),
});

async function demoLoad(args: string[], config: Config, log: Logger, io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { customers: { type: 'string' }, seed: { type: 'string' }, until: { type: 'string' }, replace: { type: 'boolean' }, out: { type: 'string' } },
  });
  const flags = parseFlags(DemoFlags, values);
  return withMaintenanceStore({ config, log, io }, async (store, cipher) => {
    const demo = demoReporter(config, io);
    const until = flags.until ? new Date(`${flags.until}T23:59:59Z`) : new Date();
    const summary = await loadDemo(store, cipher, { customers: flags.customers ?? config.demoCustomers, seed: flags.seed, until, replace: flags.replace, baseCurrency: config.baseCurrency, keepIn: flags.out }, demo.onProgress);
    demo.finish(totalRows(summary));
    io.stdout.write(`${Object.entries(summary.rows).map(([table, n]) => `${table}: ${n.toLocaleString('en-US')}`).join('\n')}\n`);
    return 0;
  });
}

async function demoGenerate(args: string[], config: Config, io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { customers: { type: 'string' }, seed: { type: 'string' }, until: { type: 'string' }, out: { type: 'string' } } });
  const flags = parseFlags(DemoFlags.extend({ out: z.string({ error: 'precis demo generate needs --out DIR' }) }), values);
  const until = flags.until ? new Date(`${flags.until}T23:59:59Z`) : new Date();
  const { writeDirtyDemo } = await import('./demo/dirty/index.ts');
  const summary = await writeDirtyDemo({ customers: flags.customers ?? config.demoCustomers, seed: flags.seed, until, outDir: flags.out });
  io.stdout.write(`${summary.files.map((f) => `${f.path}: ${f.lines.toLocaleString('en-US')} lines`).join('\n')}\ntruth.json: ground truth of every record and injected problem\n`);
  return 0;
}

async function dbMigrate(config: Config, io: Io): Promise<number> {
  const store = await openStore(targetFromConfig(config));
  try {
    await migrate(store);
    io.stdout.write(`Migrated ${store.description}.\n`);
    return 0;
  } finally {
    await store.close();
  }
}

async function start(config: Config, log: Logger, io: Io): Promise<number> {
  const { slack } = config;
  if (slack) {
    // Slack when a bot token and a way in (app token or signing secret) are set; see src/config.ts.
    return withPrecis(config, log, io, async ({ assistant, store, cipher }) => {
      const { runSlack } = await import('./slack/run.ts');
      await runSlack({ assistant, store, log, lang: config.lang, timeZone: config.timeZone, exports: { ...config.exports, timeZone: config.timeZone, cipher } }, slack, (line) => io.stderr.write(`${line}\n`), { cipher, minGroupSize: config.minGroupSize });
      return 0;
    });
  }
  if (config.slackIncomplete) io.stderr.write(`${config.slackIncomplete}: starting the console chat instead.\n`);
  return withPrecis(config, log, io, async ({ assistant, store }) => {
    const [c] = await store.db.select({ n: count() }).from(customers);
    const [o] = await store.db.select({ n: count() }).from(orders);
    const fmt = (n: number | undefined) => (n ?? 0).toLocaleString('en-US');
    const banner = [t(config.lang, 'console.store', { store: store.description, customers: fmt(c?.n), orders: fmt(o?.n) })];
    const { runChat } = await import('./console/chat.ts');
    await runChat({ input: io.stdin, output: io.stdout, assistant, actor: localActor(), lang: config.lang, banner, threadId: `console:${process.pid}:${Date.now()}` });
    return 0;
  });
}

type Command = (args: string[], ctx: CommandContext) => Promise<number>;

/**
 * Commands with a module of their own, loaded when run: `precis ingest` does not load Slack,
 * the charts or the model client (measured: 181 MB resident after loading every command, 130 MB
 * after loading ingest's alone).
 */
const commandModules: Record<string, () => Promise<Command>> = {
  access: async () => (await import('./commands/access.ts')).accessCommand,
  ingest: async () => (await import('./commands/ingest.ts')).ingestCommand,
  quarantine: async () => (await import('./commands/quarantine.ts')).quarantineCommand,
  role: async () => (await import('./commands/role.ts')).roleCommand,
  schedule: async () => (await import('./commands/schedule.ts')).scheduleCommand,
  export: async () => (await import('./commands/export.ts')).exportCommand,
  audit: async () => (await import('./commands/audit.ts')).auditCommand,
  erase: async () => (await import('./commands/erase.ts')).eraseCommand,
  backup: async () => (await import('./commands/backup.ts')).backupCommand,
  keys: async () => (await import('./commands/keys.ts')).keysCommand,
  features: async () => (await import('./commands/features.ts')).featuresCommand,
  feedback: async () => (await import('./commands/feedback.ts')).feedbackCommand,
  quality: async () => (await import('./commands/quality.ts')).qualityCommand,
};

/** Runs the command line `args`; returns the exit code. */
export async function main(args: string[], io: Io = defaultIo()): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (err) {
    io.stderr.write(`${toPrecisError(err).userMessage('en')}\n`);
    return 2;
  }
  const log = createLogger(config.logLevel, (line) => io.stderr.write(`${line}\n`));
  const [command, sub, ...rest] = args;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (command === 'start') return await start(config, log, io);
    if (command === 'ask') return await ask(args.slice(1), config, log, io);
    if (command === 'verify') return await verify(args.slice(1), config, log, io);
    if (command === 'db' && sub === 'migrate') return await dbMigrate(config, io);
    if (command === 'db' && sub === 'roles') return await (await import('./commands/db-roles.ts')).dbRolesCommand(rest, { config, log, io });
    if (command === 'demo' && sub === 'load') return await demoLoad(rest, config, log, io);
    if (command === 'demo' && sub === 'generate') return await demoGenerate(rest, config, io);
    const run = Object.hasOwn(commandModules, command) ? await commandModules[command]!() : undefined;
    if (run) return await run(args.slice(1), { config, log, io });
    throw new PrecisError('usage', { detail: `Unknown command "${args.join(' ')}".\n\n${USAGE}` });
  } catch (err) {
    const e = err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS') ? new PrecisError('usage', { detail: err.message }) : toPrecisError(err);
    if (e.code === 'internal') log.error('command_failed', { ref: e.params.ref, detail: e.detail });
    io.stderr.write(`${e.userMessage(config.lang)}\n`);
    return e.code === 'usage' ? 2 : 1;
  }
}
