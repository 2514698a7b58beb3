import { execFileSync } from 'node:child_process';
import { env, pipeline, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { analyzeWindow, decodeWindow } from '../../electron/core/asr/whisper-decoder.js';
env.localModelPath = '/work/shared/models/'; env.allowRemoteModels = false;
const asr = (await pipeline('automatic-speech-recognition', 'Xenova/whisper-tiny', { dtype: 'q8', device: 'cpu' })) as AutomaticSpeechRecognitionPipeline;
function decode(file: string): Float32Array { const b = execFileSync('ffmpeg', ['-v','error','-i',file,'-ac','1','-ar','16000','-f','f32le','-']); return new Float32Array(b.buffer, b.byteOffset, b.length/4); }
for (const f of process.argv.slice(2)) {
  const s = decode(f);
  const t = performance.now();
  const a = await analyzeWindow(asr, s);
  const top = [...a.languageProbabilities].sort((x,y)=>y[1]-x[1]).slice(0,3);
  const d = await decodeWindow(asr, s, a, top[0]![0]);
  console.log(f.split('/').pop(), ((performance.now()-t)/1000).toFixed(2), 's', top.map(([l,p])=>l+':'+p.toFixed(2)).join(' '), 'nsp', a.noSpeechProbability.toFixed(3), 'lp', d.averageLogprob.toFixed(2), 'cr', d.compressionRatio.toFixed(2), 'T', d.temperature, JSON.stringify(d.text), JSON.stringify(d.words.slice(0,3)));
}
