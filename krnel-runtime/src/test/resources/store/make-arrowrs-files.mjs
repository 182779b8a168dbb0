// Writes Parquet reference files with arrow-rs (through parquet-wasm) for krnel.store's reader
// tests, and reads Java-written files back to check the Arrow types arrow-rs restores.
import * as arrow from 'apache-arrow';
import * as pq from 'parquet-wasm';
import { readFileSync, writeFileSync } from 'node:fs';

const rows = 300;
const dim = 4;
const vectors = [], ids = [], texts = [], flags = [], scores = [];
for (let i = 0; i < rows; i++) {
  const v = [];
  for (let j = 0; j < dim; j++) v.push(Math.fround(i * 0.5 + j / 8 - 3));
  vectors.push(v);
  ids.push(BigInt(i) * 1000000007n - 5n);
  texts.push(i % 7 === 3 ? null : `row ${i} é✓`);
  flags.push(i % 5 === 1 ? null : i % 3 === 0);
  scores.push(i % 11 === 4 ? null : i / 4 - 10);
}
const table = new arrow.Table({
  vector: arrow.vectorFromArray(vectors,
      new arrow.FixedSizeList(dim, new arrow.Field('item', new arrow.Float32(), true))),
  id: arrow.vectorFromArray(ids, new arrow.Int64()),
  text: arrow.vectorFromArray(texts, new arrow.Utf8()),
  flag: arrow.vectorFromArray(flags, new arrow.Bool()),
  score: arrow.vectorFromArray(scores, new arrow.Float64()),
});
const wasmTable = pq.Table.fromIPCStream(arrow.tableToIPC(table, 'stream'));

function write(name, configure) {
  const props = configure(new pq.WriterPropertiesBuilder()).build();
  writeFileSync(name, pq.writeParquet(pq.Table.fromIPCStream(arrow.tableToIPC(table, 'stream')), props));
  console.log('wrote', name);
}
// As the reference writes: zstd, row groups of 65,535 rows (arrow-rs picks its default zstd level).
write('arrowrs-zstd.parquet', b => b.setCompression(pq.Compression.ZSTD).setMaxRowGroupSize(65535));
// Many row groups and pages, dictionary pages that overflow and fall back to PLAIN, v2 pages.
write('arrowrs-dictionary-v2.parquet', b => b.setCompression(pq.Compression.ZSTD)
    .setMaxRowGroupSize(128).setDataPageSizeLimit(256).setDictionaryPageSizeLimit(512)
    .setWriteBatchSize(16).setWriterVersion(pq.WriterVersion.V2));
write('arrowrs-snappy.parquet', b => b.setCompression(pq.Compression.SNAPPY).setMaxRowGroupSize(65535));

for (const f of process.argv.slice(2)) {
  const t = arrow.tableFromIPC(pq.readParquet(readFileSync(f)).intoIPCStream());
  console.log('==', f, t.numRows, 'rows');
  for (const field of t.schema.fields) console.log('  ', field.name, String(field.type), field.nullable ? '' : 'not null');
  console.log('   row 0:', JSON.stringify(t.get(0)?.toJSON(), (k, v) => typeof v === 'bigint' ? v.toString() : v));
}
