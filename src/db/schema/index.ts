export * from './catalog.ts';
export * from './customers.ts';
export * from './events.ts';
export * from './governance.ts';
export * from './ingest.ts';
export * from './orders.ts';
export * from './conversations.ts';
export * from './slack.ts';
