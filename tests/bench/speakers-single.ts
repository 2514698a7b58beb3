import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { scanChunkSpeakers } from '../../electron/core/speakers/diarization/chunk-scan.js';
import { diarizeChunks } from '../../electron/core/speakers/diarization/diarize.js';
import type { SpeakerEngine } from '../../electron/core/speakers/models/engine.js';

import { asrPartRows } from './asr-parts.js';
import { defaultVariant, type CountVariant } from './speakers-count-sweep.js';
import { decodeToPcm } from './speakers-diarization.js';
import type { Part } from './speakers-simulated.js';

/**
 * The clips of ../shared/data/asr, one person each (Common Voice, LibriSpeech, …): those of one part
 * of the split by voice (asr-parts.ts), or every clip.
 */
function singleSpeakerClips(dataDir: string, part: Part | 'all'): string[] {
  if (part !== 'all') return asrPartRows(part).map((row) => row.file);
  const root = path.join(dataDir, 'asr', 'audio');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(wav|flac|mp3)$/.test(file))
    .sort()
    .map((file) => path.join(root, file));
}

/**
 * How often diarization (no hint) splits one person in two: the price of the rules that find quiet
 * speakers without a hint (quiet-speakers.ts). Each clip is scanned once and clustered with every
 * variant, so a sweep costs one pass of the models.
 */
export async function singleSpeakerSplits(
  dataDir: string,
  engine: SpeakerEngine,
  part: Part | 'all',
  variants: readonly CountVariant[] = [defaultVariant],
): Promise<void> {
  const clips = singleSpeakerClips(dataDir, part);
  const workDir = mkdtempSync(path.join(tmpdir(), 'pcw-bench-single-'));
  const wrong = variants.map((): string[] => []);
  try {
    for (const clip of clips) {
      const pcm = decodeToPcm(clip, path.join(workDir, 'clip.f32'));
      const chunks = await scanChunkSpeakers(pcm, engine, {
        signal: new AbortController().signal,
        onProgress: () => undefined,
      });
      variants.forEach((variant, v) => {
        const result = diarizeChunks(chunks, pcm.sampleCount, engine.embedder.modelId, {
          bounds: { min: 1, max: 20 },
          anchors: [],
          threshold: variant.threshold,
          voiceScore: engine.voiceScore,
          rules: variant.rules,
        });
        if (result.labels.length !== 1)
          wrong[v]?.push(
            `${path.relative(dataDir, clip)} (${pcm.durationSec.toFixed(1)} s): ${String(result.labels.length)}`,
          );
      });
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const where = part === 'all' ? 'asr/' : `asr/, part '${part}'`;
  variants.forEach((variant, v) => {
    const lines = wrong[v] ?? [];
    console.log(
      `\nsingle-speaker clips of ${where} (${String(clips.length)}), ${variant.label}: not exactly one speaker on ${String(lines.length)}`,
    );
    for (const line of lines) console.log(`  ${line}`);
  });
}
