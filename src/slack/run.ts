/** `npm start` with Slack configured: the door serves until SIGINT or SIGTERM, then stops cleanly. */
import type { SlackConfig } from '../config.ts';
import { createSlackApp, type SlackDeps } from './app.ts';
import { word } from './words.ts';

export async function runSlack(deps: SlackDeps, config: SlackConfig, say: (line: string) => void): Promise<void> {
  const door = createSlackApp(deps, config);
  const started = await door.start();
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
  await door.stop();
}
