// One encoder pass in a process of its own, so that its peak RSS is the encoder's:
//   node tests/support/encoder-peak-rss.mjs <encoder.onnx> <features.f32 [1, mels, 3000]>
// Prints the peak RSS in MB. Session options as the worker sets them on the CPU (arena on), one thread.
import { readFileSync } from 'node:fs';

import ort from 'onnxruntime-node';

const [modelFile = '', featuresFile = ''] = process.argv.slice(2);
const session = await ort.InferenceSession.create(modelFile, {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  enableCpuMemArena: true,
});
const bytes = readFileSync(featuresFile);
const features = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
await session.run({ input_features: new ort.Tensor('float32', features, [1, features.length / 3000, 3000]) });
process.stdout.write(`${String(Math.round(process.resourceUsage().maxRSS / 1024))}\n`);
