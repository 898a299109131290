/**
 * Identity-resolution benchmark: synthetic people with injected duplicates (typos, swapped names
 * and address lines, missing fields, slipped birth dates, changed emails; see
 * src/ingest/identity/synthetic.ts), resolved by resolveIdentities and by a naive baseline (exact
 * match on name + birth date) in the same run. Prints speed, peak memory and pairwise quality of both.
 *
 *   npm run bench:identity              # 100,000 records
 *   npm run bench:identity -- 1000000   # or 1m, 250k, …
 *
 * Deterministic: the same size gives the same records on every machine.
 */
import { KeyIndex, lookupKeys, pairwiseScores, resolveIdentities, type PairwiseScores, type PersonRecord } from '../src/ingest/identity/index.ts';
import { entityOfSyntheticId, syntheticPeople } from '../src/ingest/identity/synthetic.ts';
import { countArg } from './size.ts';


const size = countArg('record', 1_000, 5_000_000).parse(process.argv[2] ?? '100k');

// The naive baseline, measured in the same run.

/** Exact-match dedup: same given name, surname (or full name) and birth date. */
function exactNameAndBirthDate(records: readonly PersonRecord[]): string[][] {
  const clusters = new Map<string, string[]>();
  const singletons: string[][] = [];
  for (const r of records) {
    const name = r.givenName || r.surname ? `${r.givenName ?? ''}|${r.surname ?? ''}` : (r.fullName ?? '');
    if (name === '|' || name === '' || !r.birthDate) {
      singletons.push([r.id]);
      continue;
    }
    const key = `${name}|${r.birthDate}`;
    const cluster = clusters.get(key);
    if (cluster) cluster.push(r.id);
    else clusters.set(key, [r.id]);
  }
  return [...clusters.values(), ...singletons];
}

// The run.

/** Wall-clock and CPU seconds: on a shared machine the two differ, and the CPU time says what the code cost. */
const timed = <T>(run: () => T): [T, number, number] => {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(cpu);
  return [result, (performance.now() - start) / 1000, (used.user + used.system) / 1e6];
};
const fmt = (x: number, digits = 4) => x.toFixed(digits);
const quality = (s: PairwiseScores) => `precision ${fmt(s.precision)}  recall ${fmt(s.recall)}  F1 ${fmt(s.f1)}  (pairs: true ${s.truePairs}, predicted ${s.predictedPairs}, correct ${s.correctPairs})`;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

const [records, generateSeconds] = timed(() => syntheticPeople(size, 20_260_331));
const rssAfterGenerate = peakRssMb();
console.log(`identity resolution benchmark: ${records.length.toLocaleString('en')} synthetic records, generated in ${fmt(generateSeconds, 1)} s`);

const [resolution, seconds, cpuSeconds] = timed(() => resolveIdentities(records));
const peakAfterResolve = peakRssMb();
const ours = pairwiseScores(resolution.clusters, entityOfSyntheticId);

const [baselineClusters, baselineSeconds, baselineCpuSeconds] = timed(() => exactNameAndBirthDate(records));
const baseline = pairwiseScores(baselineClusters, entityOfSyntheticId);

const merges = { email: 0, phone: 0, fuzzy: 0 };
for (const link of resolution.links) merges[link.rule]++;
console.log(`resolveIdentities:  ${fmt(seconds, 2)} s (CPU ${fmt(cpuSeconds, 2)} s)  ${Math.round(records.length / seconds).toLocaleString('en')} records/s`);
console.log(`  ${quality(ours)}`);
console.log(`  candidate pairs ${resolution.model.candidatePairs.toLocaleString('en')}, oversized blocks ${resolution.model.oversizedBlocks}, EM iterations ${resolution.model.emIterations}, threshold ${fmt(resolution.model.threshold, 2)} bits`);
console.log(`  merges: email ${merges.email}, phone ${merges.phone}, fuzzy ${merges.fuzzy}; clusters ${resolution.clusters.length.toLocaleString('en')}`);
console.log(`baseline (exact name + birth date):  ${fmt(baselineSeconds, 2)} s (CPU ${fmt(baselineCpuSeconds, 2)} s)  ${Math.round(records.length / baselineSeconds).toLocaleString('en')} records/s`);
console.log(`  ${quality(baseline)}`);
console.log(`ratio ours / baseline:  time ×${fmt(seconds / baselineSeconds, 1)}  recall ×${fmt(ours.recall / baseline.recall, 2)}  F1 ×${fmt(ours.f1 / baseline.f1, 2)}`);
console.log(`peak RSS: ${Math.round(peakAfterResolve)} MB at the end of resolving (${Math.round(rssAfterGenerate)} MB with just the generated input)`);

// What ingest keeps of the store while a customers file resolves: the key index of every record.
const buffersBefore = process.memoryUsage().arrayBuffers;
const index = new KeyIndex();
let filedKeys = 0;
records.forEach((record, i) => {
  const keys = lookupKeys(record);
  filedKeys += keys.length;
  index.add(keys, i);
});
const indexBytes = process.memoryUsage().arrayBuffers - buffersBefore;
console.log(`key index of all ${records.length.toLocaleString('en')} records: ${filedKeys.toLocaleString('en')} keys, ${index.size.toLocaleString('en')} kept (keys filed under more than 64 ids are dropped), ${(indexBytes / 2 ** 20).toFixed(1)} MiB = ${(indexBytes / filedKeys).toFixed(1)} bytes a key`);
