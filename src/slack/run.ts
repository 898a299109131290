/**
 * `npm start` with Slack configured: the door serves, and the scheduled reports run, until SIGINT
 * or SIGTERM; then both stop cleanly (runs in progress finish first).
 */
import type { SlackConfig } from '../config.ts';
import type { DataCipher } from '../privacy/crypto.ts';
import { createScheduler } from '../schedule/scheduler.ts';
import { createSlackApp, type SlackDeps } from './app.ts';
import { exportDepsOf, startExportSweep } from './exports.ts';
import { word } from './words.ts';

/** `reports`: what the scheduled reports need beyond the door: the data key and the privacy floor. */
export async function runSlack(deps: SlackDeps, config: SlackConfig, say: (line: string) => void, reports: { cipher: DataCipher; minGroupSize: number }): Promise<void> {
  const door = createSlackApp(deps, config);
  const started = await door.start();
  const scheduler = createScheduler({ store: deps.store, cipher: reports.cipher, client: door.app.client, log: deps.log, minGroupSize: reports.minGroupSize });
  await scheduler.start();
  // Expired exports: their files are deleted from Slack and no download is given any more.
  const stopSweep = startExportSweep(door.app.client, exportDepsOf(deps), deps.log);
  say(started.mode === 'socket' ? word(deps.lang, 'started_socket') : word(deps.lang, 'started_http', { port: started.port }));
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  stopSweep();
  await scheduler.stop();
  await door.stop();
}
