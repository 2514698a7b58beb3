import type { AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';

import type { Segment, Word } from '../../contract/meeting-result.js';
import { readPcmWindow, sampleRate, type PcmFile } from '../audio/pcm-file.js';
import { CancelledError } from '../errors.js';

import { planChunks, type AudioChunk } from './chunk-plan.js';
import { detectLanguage } from './detect-language.js';
import { isRepetitionLoop } from './repetition-guard.js';
import { buildSegments } from './segment-builder.js';

export interface TranscribeOptions {
  /** 'auto' or an ISO-639-1 code. */
  language: string;
  signal: AbortSignal;
  onProgress: (done: number, total: number) => void;
  onSegment: (segment: Segment) => void;
}

export interface Transcript {
  language: string;
  segments: Segment[];
}

/** Language identification reads at most this much speech (the first minute), window by window. */
const languageProbeSec = 60;

interface WhisperChunk {
  text: string;
  timestamp: [number | null, number | null];
}

async function readChunk(pcm: PcmFile, chunk: AudioChunk): Promise<Float32Array> {
  const start = Math.round(chunk.startSec * sampleRate);
  return readPcmWindow(pcm, start, Math.round(chunk.endSec * sampleRate) - start);
}

function toWords(output: WhisperChunk[], chunk: AudioChunk): Word[] {
  const words: Word[] = [];
  for (const [index, piece] of output.entries()) {
    const start = chunk.startSec + (piece.timestamp[0] ?? 0);
    const nextStart = output[index + 1]?.timestamp[0];
    const rawEnd = piece.timestamp[1] ?? nextStart ?? chunk.endSec - chunk.startSec;
    const end = Math.min(chunk.endSec, Math.max(start, chunk.startSec + rawEnd));
    if (piece.text.trim() !== '') words.push({ text: piece.text, start: Math.min(start, end), end, speaker: null });
  }
  return words;
}

/**
 * Transcribes a decoded recording window by window (≤ 30 s each, cut at pauses, silence skipped),
 * with word timestamps, without conditioning one window on another's text, and drops windows that
 * come back as repetition loops. Progress is reported and cancellation honoured between windows.
 */
export async function transcribePcm(
  asr: AutomaticSpeechRecognitionPipeline,
  pcm: PcmFile,
  frameRms: Float32Array,
  options: TranscribeOptions,
): Promise<Transcript> {
  const chunks = planChunks(frameRms);
  let language = options.language;
  if (language === 'auto') {
    const probe: Float32Array[] = [];
    let probed = 0;
    for (const chunk of chunks) {
      if (probed >= languageProbeSec) break;
      probe.push(await readChunk(pcm, chunk));
      probed += chunk.endSec - chunk.startSec;
    }
    language = probe.length === 0 ? 'en' : await detectLanguage(asr, probe);
  }

  const segments: Segment[] = [];
  options.onProgress(0, chunks.length);
  for (const [index, chunk] of chunks.entries()) {
    if (options.signal.aborted) throw new CancelledError('Transcription cancelled.');
    const samples = await readChunk(pcm, chunk);
    const output = (await asr(samples, { language, task: 'transcribe', return_timestamps: 'word' })) as {
      text: string;
      chunks?: WhisperChunk[];
    };
    if (!isRepetitionLoop(output.text)) {
      for (const segment of buildSegments(toWords(output.chunks ?? [], chunk))) {
        segments.push(segment);
        options.onSegment(segment);
      }
    }
    options.onProgress(index + 1, chunks.length);
  }
  return { language, segments };
}
