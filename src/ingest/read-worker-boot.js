// A worker thread does not inherit tsx from the thread that starts it: register it here, then
// load the TypeScript worker named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
