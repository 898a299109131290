/** How a listener gets its Door: the request's Web API client and id, plus the shared dependencies. */
import type { Context } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Door } from '../reply.ts';

export type DoorFor = (client: WebClient, context: Context) => Door;
