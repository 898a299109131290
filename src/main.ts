/** `npm start`: the console chat on the configured store (the embedded default needs nothing). */
import { main } from './cli.ts';

process.exitCode = await main(['start']);
