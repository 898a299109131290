import { understand } from './src/nl/understand.ts';
import { testLexicon, testNow } from './tests/helpers/lexicon.ts';
import { readFileSync } from 'node:fs';
const qs = readFileSync(process.argv[2]!, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
for (const q of qs) {
  const r = understand(q, { now: testNow, timeZone: 'Asia/Shanghai', lexicon: testLexicon }) as any;
  let out: string;
  if (r.query) { const { intent, ...rest } = r.query; out = `${intent} ${JSON.stringify(rest)} conf=${r.confidence}`; }
  else out = JSON.stringify(r).slice(0, 300);
  console.log(`Q: ${q}\n   ${out.slice(0, 400)}`);
}
