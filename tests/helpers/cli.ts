/** Runs `precis …` in-process, as a person at a terminal would: its exit code, stdout and stderr. */
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.ts';

export async function runPrecis(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await main(args, { stdin: new PassThrough(), stdout, stderr, env });
  return { code, out, err };
}
