/**
 * What users read: the words' speakers and the turns of the transcript, scored apart from the
 * diarization turns so that a recognition miss is not counted as a diarization miss. The words come
 * from `pc-worker process` (Whisper base, English) on the part's real recordings, cached in
 * `$BENCH_WORDS_DIR` (default `<tmp>/pcw-bench-words`) because Whisper is the slow half; their
 * speakers are given again from this run's diarization, with and without whole sentences
 * (attribution/sentence-speakers.ts), so the one run shows before and after.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { meetingResultSchema, type MeetingResult, type Segment } from '../../electron/contract/meeting-result.js';
import { attributeWords } from '../../electron/core/speakers/attribution/word-attribution.js';
import { meetingRttm } from '../../electron/core/speakers/rttm.js';
import { repoDir, sharedModelsDir } from '../support/shared-data.js';

import { pct, pooled, type ScannedRecording, type ScoredRun } from './speakers-diarization.js';
import { diarizationError, parseRttm, type DiarizationError, type LabelledTurn } from './speakers-scoring.js';

const wordsDir = process.env['BENCH_WORDS_DIR'] ?? path.join(tmpdir(), 'pcw-bench-words');

/** The cached `process --out` result of one recording, made when `make` is set and it is missing. */
function processed(recording: ScannedRecording, make: boolean): MeetingResult | null {
  const out = path.join(wordsDir, `${recording.name}.json`);
  if (!existsSync(out)) {
    if (!make) return null;
    mkdirSync(wordsDir, { recursive: true });
    const work = path.join(wordsDir, `work-${recording.name}`);
    const run = spawnSync(
      process.execPath,
      [
        path.join(repoDir, 'electron/cli/bin.mjs'),
        'process',
        recording.wav,
        '--out',
        out,
        '--language',
        'en',
        '--model',
        'Xenova/whisper-base',
      ],
      {
        cwd: repoDir,
        encoding: 'utf8',
        timeout: 1_800_000,
        env: {
          ...process.env,
          PC_WORKER_DATA_DIR: path.join(work, 'data'),
          AUDIO_TEMP_DIR: path.join(work, 'temp'),
          MODEL_CACHE_DIR: sharedModelsDir,
          ALLOW_REMOTE_MODELS: 'false',
          SUPABASE_URL: '',
          SUPABASE_KEY: '',
        },
      },
    );
    if (run.status !== 0) {
      console.log(`  ${recording.name}: pc-worker process failed (${String(run.status)}): ${run.stderr.slice(-300)}`);
      return null;
    }
  }
  return meetingResultSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
}

const sentenceEnd = /[.?!…][\s"'”’)\]]*$/;

/** Turns as a reader sees them: runs of consecutive segments with one speaker. */
function readTurns(segments: readonly Segment[]): string[] {
  const turns: { speaker: string | null; text: string }[] = [];
  for (const segment of segments) {
    const last = turns.at(-1);
    if (last !== undefined && last.speaker === segment.speaker) last.text += ` ${segment.text}`;
    else turns.push({ speaker: segment.speaker, text: segment.text });
  }
  return turns.map((turn) => turn.text.trim());
}

/** Turns that end without sentence punctuation while the next one starts in lower case. */
function midSentenceEnds(segments: readonly Segment[]): { cut: number; boundaries: number } {
  const turns = readTurns(segments);
  let cut = 0;
  for (let i = 0; i + 1 < turns.length; i++) {
    const next = turns[i + 1] ?? '';
    if (!sentenceEnd.test(turns[i] ?? '') && /^[a-z]/.test(next)) cut++;
  }
  return { cut, boundaries: Math.max(0, turns.length - 1) };
}

function activeAt(reference: readonly LabelledTurn[], time: number): Set<string> {
  return new Set(reference.filter((t) => t.start <= time && time < t.end).map((t) => t.speaker));
}

/** Words inside reference speech whose speaker maps (DER's optimal map) onto one of the people talking. */
function wordAgreement(segments: readonly Segment[], reference: readonly LabelledTurn[], map: Map<string, string>) {
  let right = 0;
  let scored = 0;
  let outside = 0;
  for (const word of segments.flatMap((s) => s.words)) {
    const talking = activeAt(reference, (word.start + word.end) / 2);
    if (talking.size === 0) {
      outside++;
      continue;
    }
    scored++;
    if (word.speaker !== null && talking.has(map.get(word.speaker) ?? '')) right++;
  }
  return { right, scored, outside };
}

interface Tally {
  right: number;
  scored: number;
  outside: number;
  cut: number;
  boundaries: number;
}

function add(tally: Tally, more: Partial<Tally>): void {
  for (const key of Object.keys(more) as (keyof Tally)[]) tally[key] += more[key] ?? 0;
}

/** Word-level speaker agreement, mid-sentence turn ends, and the DER of the exported RTTM. */
export function wordsReport(recordings: readonly ScannedRecording[], run: ScoredRun, make: boolean): void {
  console.log(`\nwords' speakers (real recordings; Whisper words cached in ${wordsDir})`);
  const before: Tally = { right: 0, scored: 0, outside: 0, cut: 0, boundaries: 0 };
  const after: Tally = { ...before };
  const exportedTurns: DiarizationError[] = [];
  const exportedWords: DiarizationError[] = [];
  recordings.forEach((recording, index) => {
    const result = run.results[index];
    const collar = run.collar[index];
    if (recording.kind !== 'real' || result === undefined || collar === undefined) return;
    const meeting = processed(recording, make);
    if (meeting === null) return;
    const duration = recording.pcm.durationSec;
    const score = (rttm: string): DiarizationError =>
      diarizationError(recording.reference, parseRttm(rttm), duration, 0.25);
    exportedTurns.push(score(meetingRttm(recording.name, meeting)));
    exportedWords.push(score(meetingRttm(recording.name, { segments: meeting.segments })));
    const asr = meeting.segments.map((s) => ({
      ...s,
      speaker: null,
      words: s.words.map((w) => ({ ...w, speaker: null })),
    }));
    for (const [tally, wholeSentences] of [
      [before, false],
      [after, true],
    ] as const) {
      const segments = attributeWords(asr, result.activity, result.labels, { wholeSentences });
      add(tally, wordAgreement(segments, recording.reference, collar.mapping));
      add(tally, midSentenceEnds(segments));
    }
  });
  if (exportedTurns.length === 0) {
    console.log('  no cached words (run with --words to make them: pc-worker process per real recording)');
    return;
  }
  for (const [name, t] of [
    ['words one by one', before],
    ['sentences kept whole', after],
  ] as const) {
    console.log(
      `  ${name.padEnd(22)} word speaker agreement ${pct(t.right / t.scored)} (${String(t.scored)} words in reference speech, ${String(t.outside)} outside)` +
        `  turns ending mid-sentence ${pct(t.cut / Math.max(1, t.boundaries))} (${String(t.cut)}/${String(t.boundaries)})`,
    );
  }
  console.log(
    `  DER (0.25 s collar) of pc-worker process's RTTM export over ${String(exportedTurns.length)} recordings: from its diarization turns ${pct(pooled(exportedTurns).der)}, from its words alone ${pct(pooled(exportedWords).der)}`,
  );
}
