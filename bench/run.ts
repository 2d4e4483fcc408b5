import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { benchBundles } from './bundles';
import { benchProvision } from './provision';
import { benchReads, p50, p99, throughput } from './read';
import { round } from './stats';
import { benchTenants } from './tenants';

/**
 * `npm run bench`: every figure as a ratio against a baseline measured in the same run, printed
 * as a table and written to docs/benchmarks.md.
 */
interface Figure {
  readonly name: string;
  readonly measured: string;
  readonly ratio: number;
  readonly target: string;
  readonly met: boolean;
}

const figures: Figure[] = [];
const add = (name: string, measured: string, ratio: number, target: string, met: boolean) => {
  figures.push({ name, measured, ratio: round(ratio), target, met });
  process.stderr.write(
    `  ${met ? 'met   ' : 'MISSED'} ${name}: ${measured} (${round(ratio)}×, target ${target})\n`,
  );
};

process.stderr.write('Authorized reads, creates, reads under sign-in load...\n');
const reads = await benchReads();
add(
  'Authorized read p50 (GET /v1/clusters/{id}) vs raw GetItem',
  `${round(p50(reads.api))} ms vs ${round(p50(reads.raw))} ms`,
  p50(reads.api) / p50(reads.raw),
  '≤ 1.3×',
  p50(reads.api) / p50(reads.raw) <= 1.3,
);
add(
  'Authorized read p99 vs raw GetItem p99',
  `${round(p99(reads.api))} ms vs ${round(p99(reads.raw))} ms`,
  p99(reads.api) / p99(reads.raw),
  '≤ 1.5×',
  p99(reads.api) / p99(reads.raw) <= 1.5,
);
add(
  `Authorized read throughput at concurrency ${reads.concurrency} vs raw GetItem`,
  `${round(throughput(reads.api), 0)}/s vs ${round(throughput(reads.raw), 0)}/s`,
  throughput(reads.api) / throughput(reads.raw),
  '≥ 0.7×',
  throughput(reads.api) / throughput(reads.raw) >= 0.7,
);
add(
  'POST /v1/clusters accept p99 vs authorized read p99',
  `${round(p99(reads.create))} ms vs ${round(p99(reads.api))} ms`,
  p99(reads.create) / p99(reads.api),
  '≤ 2.5×',
  p99(reads.create) / p99(reads.api) <= 2.5,
);
add(
  'Authorized read p99 while 8 sign-ins run vs idle',
  `${round(p99(reads.duringSignIns))} ms vs ${round(p99(reads.idle))} ms`,
  p99(reads.duringSignIns) / p99(reads.idle),
  '≤ 1.5×',
  p99(reads.duringSignIns) / p99(reads.idle) <= 1.5,
);

process.stderr.write('POST to READY against the simulator...\n');
const provision = await benchProvision();
add(
  'POST → READY: control plane share beside the simulated EKS delay',
  `median ${provision.medianOverheadMs} ms, max ${provision.maxOverheadMs} ms over ${provision.simulatorDelayMs} ms a transition`,
  provision.maxOverheadMs / 1000,
  '< 1 s (ratio to 1 s)',
  provision.maxOverheadMs < 1000,
);

process.stderr.write('Lambda bundles and the API cold start...\n');
const dynamo = await startDynamoDbLocal();
try {
  const bundles = await benchBundles(dynamo.endpoint);
  for (const { entry, bytes } of bundles.sizes) {
    const api = entry === 'functions/api/lambda.ts';
    add(
      `Bundle size, ${entry}`,
      `${round(bytes / 1024, 0)} KB`,
      bytes / (600 * 1024),
      api ? '< 600 KB (ratio to 600 KB)' : 'none (reported)',
      !api || bytes < 600 * 1024,
    );
  }
  add(
    'API cold start (import of the bundle, composition included) vs empty node',
    `${round(bundles.apiColdStartMs)} ms vs ${round(bundles.emptyNodeMs)} ms`,
    bundles.apiColdStartMs / bundles.emptyNodeMs,
    '≤ 2.5×',
    bundles.apiColdStartMs / bundles.emptyNodeMs <= 2.5,
  );
} finally {
  await dynamo.stop();
}

process.stderr.write('Listing with 10 and with 10,000 enterprises...\n');
const tenants = await benchTenants();
add(
  `List clusters p50 with ${tenants.many} vs ${tenants.few} enterprises`,
  `${round(tenants.manyP50Ms)} ms vs ${round(tenants.fewP50Ms)} ms`,
  tenants.manyP50Ms / tenants.fewP50Ms,
  '≤ 1.2×',
  tenants.manyP50Ms / tenants.fewP50Ms <= 1.2,
);

const machine = `${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), ${round(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}`;
const table = [
  '| figure | measured | ratio | target | |',
  '| --- | --- | --- | --- | --- |',
  ...figures.map(
    (f) =>
      `| ${f.name} | ${f.measured} | ${f.ratio}× | ${f.target} | ${f.met ? 'met' : 'missed'} |`,
  ),
].join('\n');
process.stdout.write(`\n${table}\n`);
await writeFigures(`Measured ${new Date().toISOString()} on ${machine}.\n\n${table}\n`);

/** Replaces the figures between the markers in docs/benchmarks.md, keeping the prose around them. */
async function writeFigures(section: string): Promise<void> {
  const path = new URL('../docs/benchmarks.md', import.meta.url);
  const start = '<!-- figures:start -->';
  const end = '<!-- figures:end -->';
  const doc = await readFile(path, 'utf8').catch(() => `# Benchmarks\n\n${start}\n${end}\n`);
  const before = doc.slice(0, doc.indexOf(start) + start.length);
  const after = doc.slice(doc.indexOf(end));
  await writeFile(path, `${before}\n${section}${after}`);
}
