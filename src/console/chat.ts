/**
 * The local console: the same assistant as Slack, in a terminal. One question per line;
 * `help` shows examples; `exit`, `quit` or Ctrl-D leaves.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Assistant } from '../assistant/answer.ts';
import { t, type Lang } from '../messages/index.ts';
import type { Actor } from '../privacy/access.ts';
import { renderText } from '../present/text.ts';

export interface ChatOptions {
  input: Readable;
  output: Writable;
  assistant: Pick<Assistant, 'answer'>;
  actor: Actor;
  lang: Lang;
  /** Lines shown before the first prompt (store and size). */
  banner: string[];
  /** The conversation: follow-ups ("and in Beijing?") edit the last question of this session. */
  threadId: string;
}

const EXIT = /^(exit|quit|q|bye|退出|再见)$/i;

export async function runChat(options: ChatOptions): Promise<void> {
  const { input, output, assistant, actor, lang } = options;
  const rl = createInterface({ input, output, terminal: (output as { isTTY?: boolean }).isTTY === true, prompt: 'precis> ' });
  const examples = t(lang, 'help.examples').split('\n').slice(0, 4);
  output.write([t(lang, 'console.welcome'), ...options.banner, '', ...examples.map((e) => `  • ${e}`), '', ''].join('\n'));
  rl.prompt();
  for await (const raw of rl) {
    const question = raw.trim();
    if (EXIT.test(question)) break;
    if (question !== '') output.write(`${renderText(await assistant.answer(question, actor, { threadId: options.threadId }))}\n\n`);
    rl.prompt();
  }
  rl.close();
  output.write(`\n${t(lang, 'console.bye')}\n`);
}
