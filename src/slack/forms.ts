/**
 * Forms (Slack modals) that ask for a reason: why an export is needed, why it is denied, what
 * was wrong with an answer. One shape for all of them: a reason input, optional extra inputs,
 * and JSON metadata carried from the click to the submission (and checked again there).
 */
import type { KnownBlock } from '@slack/web-api';
import { z } from 'zod';
import type { Lang } from '../messages/index.ts';
import { parsePayload } from './payloads.ts';
import { word, type WordKey } from './words.ts';

export const plain = (text: string) => ({ type: 'plain_text' as const, text: text.slice(0, 150) });

export interface ReasonFormSpec {
  callbackId: string;
  metadata: unknown;
  lang: Lang;
  title: WordKey;
  label: WordKey;
  submit: WordKey;
  close: WordKey;
  /** Inputs after the reason (a scope tick box). */
  extra?: KnownBlock[];
  /** The reason may be left empty. */
  optional?: boolean;
}

export function reasonForm(spec: ReasonFormSpec) {
  const { lang } = spec;
  const reason: KnownBlock = {
    type: 'input',
    block_id: 'reason',
    optional: spec.optional ?? false,
    label: plain(word(lang, spec.label)),
    element: { type: 'plain_text_input', action_id: 'reason', multiline: true, max_length: 500 },
  };
  return {
    type: 'modal' as const,
    callback_id: spec.callbackId,
    private_metadata: JSON.stringify(spec.metadata),
    // Slack caps a modal title at 24 characters.
    title: plain(word(lang, spec.title).slice(0, 24)),
    submit: plain(word(lang, spec.submit)),
    close: plain(word(lang, spec.close)),
    blocks: [reason, ...(spec.extra ?? [])],
  };
}

/** The parts of a form submission we read. */
export const Submission = z.object({
  user: z.object({ id: z.string() }),
  view: z.object({
    private_metadata: z.string(),
    state: z.object({
      values: z.object({
        reason: z.object({ reason: z.object({ value: z.string().nullable().optional() }) }),
        scope: z.object({ scope: z.object({ selected_options: z.array(z.object({ value: z.string() })).optional() }) }).optional(),
      }),
    }),
  }),
});

/** A button click with the trigger a modal needs. */
export const ClickWithTrigger = z.object({ trigger_id: z.string(), user: z.object({ id: z.string() }), actions: z.array(z.object({ value: z.string().optional() })).min(1) });

/** Metadata we wrote into a form, read back and checked; undefined when it is not ours. */
export const readJson = <T>(schema: z.ZodType<T>, text: string): T | undefined => {
  try {
    return parsePayload(schema, JSON.parse(text));
  } catch {
    return undefined;
  }
};
