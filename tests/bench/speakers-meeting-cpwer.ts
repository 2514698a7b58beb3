import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { meetingResultSchema, type Segment } from '../../electron/contract/meeting-result.js';
import { countErrors, scoringUnits } from '../../electron/core/asr/text-normalizer.js';
import { repoDir, sharedModelsDir } from '../support/shared-data.js';

import { concatenatedMinimumPermutationWer } from './speakers-cpwer.js';
import { pct } from './speakers-diarization.js';

const recording = 'ami_seriously_mixture';

/** `speaker<TAB>ami_channel<TAB>text` (the per-headset words of the AMI excerpt), by speaker. */
function referenceBySpeaker(dataDir: string): Map<string, string> {
  const rows = readFileSync(path.join(dataDir, 'diarization', `${recording}.speaker_text.tsv`), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((row) => row.split('\t'));
  return new Map(rows.map(([speaker = '', , text = '']) => [speaker, text] as const));
}

/** Each label's words in time order; a segment without word times counts as one block. */
function hypothesisBySpeaker(segments: readonly Segment[]): Map<string, string> {
  const pieces: { speaker: string; start: number; text: string }[] = segments.flatMap((segment) =>
    segment.words.length > 0
      ? segment.words.map((w) => ({ speaker: w.speaker ?? '?', start: w.start, text: w.text }))
      : [{ speaker: segment.speaker ?? '?', start: segment.start, text: ` ${segment.text}` }],
  );
  pieces.sort((a, b) => a.start - b.start);
  const bySpeaker = new Map<string, string>();
  for (const piece of pieces) bySpeaker.set(piece.speaker, (bySpeaker.get(piece.speaker) ?? '') + piece.text);
  return bySpeaker;
}

/**
 * cpWER of the whole pipeline (`pc-worker process`: decode, VAD, Whisper with its default model,
 * diarization, word attribution) on the 60 s AMI excerpt. The reference has words per headset but
 * no times, so a speaker-blind WER cannot be formed; per-speaker word counts show where errors sit.
 */
export function meetingCpWer(dataDir: string, workDir: string): void {
  const out = path.join(workDir, `${recording}.json`);
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      path.join(repoDir, 'electron/cli/bin.mjs'),
      'process',
      path.join(dataDir, 'diarization', `${recording}.wav`),
      '--out',
      out,
      '--language',
      'en',
    ],
    {
      cwd: repoDir,
      encoding: 'utf8',
      timeout: 900_000,
      env: {
        ...process.env,
        PC_WORKER_DATA_DIR: path.join(workDir, 'data'),
        AUDIO_TEMP_DIR: path.join(workDir, 'temp'),
        MODEL_CACHE_DIR: sharedModelsDir,
        ALLOW_REMOTE_MODELS: 'false',
        SUPABASE_URL: '',
        SUPABASE_KEY: '',
      },
    },
  );
  const wallSec = (performance.now() - started) / 1000;
  if (result.status !== 0) {
    console.log(`\ncpWER: pc-worker process failed (${String(result.status)}): ${result.stderr.slice(-400)}`);
    return;
  }
  const meeting = meetingResultSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  const reference = referenceBySpeaker(dataDir);
  const hypothesis = hypothesisBySpeaker(meeting.segments);
  const cp = concatenatedMinimumPermutationWer(reference, hypothesis);
  console.log(`\ncpWER on ${recording} (whole pipeline, pc-worker process, ${wallSec.toFixed(0)} s wall)`);
  console.log(`  cpWER ${pct(cp.cpwer)} (${String(cp.edits)} edits / ${String(cp.referenceWords)} reference words)`);
  for (const [speaker, label] of cp.mapping) {
    const words = (text: string): number => scoringUnits(text, 'en').length;
    const said = label === null ? '' : (hypothesis.get(label) ?? '');
    const edits = countErrors(reference.get(speaker) ?? '', said, 'en').edits;
    console.log(
      `  ${speaker} → ${label ?? 'nobody'}: ${String(words(reference.get(speaker) ?? ''))} words said, ${String(words(said))} attributed, ${String(edits)} edits`,
    );
  }
  const unmapped = [...hypothesis.keys()].filter((label) => ![...cp.mapping.values()].includes(label));
  if (unmapped.length > 0)
    console.log(`  labels matched to nobody (their words are insertions): ${unmapped.join(', ')}`);
}
