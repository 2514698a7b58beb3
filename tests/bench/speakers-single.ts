import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { diarize } from '../../electron/core/speakers/diarization/diarize.js';
import { clusteringThreshold } from '../../electron/core/speakers/identification/thresholds.js';
import type { SpeakerEngine } from '../../electron/core/speakers/models/engine.js';

import { decodeToPcm } from './speakers-diarization.js';

/** Every clip of ../shared/data/asr: one person each (Common Voice, LibriSpeech, …). */
function singleSpeakerClips(dataDir: string): string[] {
  const root = path.join(dataDir, 'asr', 'audio');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(wav|flac|mp3)$/.test(file))
    .sort()
    .map((file) => path.join(root, file));
}

/**
 * How often diarization (no hint) splits one person in two: the price of the rules that find quiet
 * speakers without a hint (quiet-speakers.ts).
 */
export async function singleSpeakerSplits(dataDir: string, engine: SpeakerEngine): Promise<void> {
  const clips = singleSpeakerClips(dataDir);
  const workDir = mkdtempSync(path.join(tmpdir(), 'pcw-bench-single-'));
  const wrong: string[] = [];
  try {
    for (const clip of clips) {
      const pcm = decodeToPcm(clip, path.join(workDir, 'clip.f32'));
      const result = await diarize(pcm, engine, {
        bounds: { min: 1, max: 20 },
        anchors: [],
        threshold: clusteringThreshold,
        voiceScore: engine.voiceScore,
        signal: new AbortController().signal,
        onProgress: () => undefined,
      });
      if (result.labels.length !== 1)
        wrong.push(
          `${path.relative(dataDir, clip)} (${pcm.durationSec.toFixed(1)} s): ${String(result.labels.length)}`,
        );
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  console.log(
    `\nsingle-speaker clips of asr/ (${String(clips.length)}): not exactly one speaker on ${String(wrong.length)}`,
  );
  for (const line of wrong) console.log(`  ${line}`);
}
