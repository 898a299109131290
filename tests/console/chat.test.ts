import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/assistant/answer.ts';
import { runChat } from '../../src/console/chat.ts';

/** The console is a door: it must pass each line to the core and print what comes back, in order. */
describe('console chat', () => {
  it('welcomes, answers each line in turn, and says goodbye at end of input', async () => {
    const asked: string[] = [];
    const assistant: Pick<Assistant, 'answer'> = {
      async answer(question) {
        asked.push(question);
        return { kind: 'refusal', lang: 'en', code: 'usage', message: `echo: ${question}` };
      },
    };
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (c) => (text += c));
    const done = runChat({ input, output, assistant, actor: { id: 'local:t', local: true }, lang: 'en', banner: ['Store: test'], threadId: 'console:test' });
    input.end('how many customers?\n\n  revenue by city  \nexit\nnever asked\n');
    await done;
    expect(asked).toEqual(['how many customers?', 'revenue by city']);
    expect(text).toContain('Precis — ask about your customers');
    expect(text).toContain('Store: test');
    expect(text.indexOf('echo: how many customers?')).toBeLessThan(text.indexOf('echo: revenue by city'));
    expect(text.trimEnd().endsWith('Bye.')).toBe(true);
  });
});
