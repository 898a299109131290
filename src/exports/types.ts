/** What the export stages share: the store, the answer core, the data key (personal scope only), and time. */
import type { Assistant } from '../assistant/answer.ts';
import type { Store } from '../db/client.ts';
import type { exportRequests } from '../db/schema/index.ts';
import type { DataCipher } from '../privacy/crypto.ts';

export interface ExportSettings {
  /** Hours an approved export stays downloadable; past them the file is deleted. */
  ttlHours: number;
  /** Needed only to build the personal scope's customer list; without it that scope is refused. */
  cipher?: DataCipher;
  timeZone: string;
}

export interface ExportDeps extends ExportSettings {
  store: Store;
  assistant: Pick<Assistant, 'answer'>;
  clock?: () => Date;
}

export type ExportRequest = typeof exportRequests.$inferSelect;

export const nowOf = (deps: Pick<ExportDeps, 'clock'>) => (deps.clock ?? (() => new Date()))();

/** Slack user ids act with their Slack role; `local:<user>` ids are operators at this machine. */
export const actorOf = (id: string) => ({ id, local: id.startsWith('local:') });
