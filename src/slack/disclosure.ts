/**
 * Disclosure by place: what an answer may show depends on who can read the conversation.
 *
 * The rule:
 *   - public channels and shared channels (Slack Connect, even private ones): aggregates only;
 *   - private channels, group DMs and direct messages: aggregates and record-level lists.
 * An answer that may not be shown where it was asked goes to the asker in a direct message, and
 * the thread says so. When the place cannot be told, it is treated as public.
 *
 * The core marks record-level answers (a list of customers, one customer's recommendations) with
 * `records`; everything else is an aggregate and stays where it was asked. The place is only
 * looked up (conversations.info) for record-level answers.
 */
import type { WebClient } from '@slack/web-api';
import type { Answer } from '../assistant/types.ts';

export type Place = 'dm' | 'private' | 'public';
export type Exposure = 'aggregate' | 'records';

const allowed: Record<Place, readonly Exposure[]> = {
  dm: ['aggregate', 'records'],
  private: ['aggregate', 'records'],
  public: ['aggregate'],
};

export function exposureOf(answer: Answer): Exposure {
  return answer.kind === 'table' && answer.records ? 'records' : 'aggregate';
}

export function mayShow(place: Place, exposure: Exposure): boolean {
  return allowed[place].includes(exposure);
}

interface ChannelInfo {
  is_im?: boolean;
  is_mpim?: boolean;
  is_private?: boolean;
  is_shared?: boolean;
  is_ext_shared?: boolean;
  is_org_shared?: boolean;
}

/** The place from what Slack says about a conversation; shared wins over private. */
export function placeOf(info: ChannelInfo): Place {
  if (info.is_im) return 'dm';
  if (info.is_shared || info.is_ext_shared || info.is_org_shared) return 'public';
  if (info.is_mpim || info.is_private) return 'private';
  return 'public';
}

/** Asks Slack what kind of conversation `channel` is; unknown (an error) counts as public. */
export async function lookupPlace(client: WebClient, channel: string): Promise<Place> {
  if (channel.startsWith('D')) return 'dm';
  try {
    const result = await client.conversations.info({ channel });
    return result.channel ? placeOf(result.channel) : 'public';
  } catch {
    return 'public';
  }
}
