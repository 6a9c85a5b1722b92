// ONNX Runtime's own per-node timing of a model, for bench/ortlayers.py:
// runs the model WARMUP + RUNS times with profiling on and leaves ORT's
// profile (a Chrome trace JSON, one "Node" event per kernel per run) at the
// path it prints.
//   node ort_profile.js MODEL.onnx INPUT.npy PREFIX [--threads T] [--runs N]
// onnxruntime-node is found as require() finds it, or at $ORT_NODE.
const fs = require('fs');
const ort = require(process.env.ORT_NODE || 'onnxruntime-node');

const WARMUP = 3;

function readNpy(path) {
  const bytes = fs.readFileSync(path);
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.slice(10, 10 + headerLength).toString('latin1');
  if (!header.includes("'<f4'"))
    throw new Error(`${path}: not a float32 .npy`);
  const shape = header.match(/'shape': \(([^)]*)\)/)[1].split(',')
      .filter(s => s.trim()).map(Number);
  const start = bytes.byteOffset + 10 + headerLength;
  const data = new Float32Array(bytes.buffer.slice(start, bytes.byteOffset + bytes.length));
  return { shape, data };
}

(async () => {
  const [model, input, prefix] = process.argv.slice(2, 5);
  if (!prefix) throw new Error('usage: node ort_profile.js MODEL.onnx INPUT.npy PREFIX [--threads T] [--runs N]');
  const args = process.argv.slice(5);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const threads = option('--threads', 1), runs = option('--runs', 10);
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: threads, interOpNumThreads: 1,
    graphOptimizationLevel: 'all', executionMode: 'sequential',
    enableProfiling: true, profileFilePrefix: prefix });
  const x = readNpy(input);
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', x.data, x.shape) };
  for (let i = 0; i < WARMUP + runs; i++) await session.run(feeds);
  session.endProfiling();
  console.log(`ort profile: ${WARMUP} warm-up + ${runs} runs, threads=${threads}, prefix ${prefix}`);
})().catch(e => { console.error(`ort_profile.js: ${e.message || e}`); process.exit(1); });
