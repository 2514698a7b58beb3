import type { PcmFile } from '../../audio/pcm-file.js';
import { mergeAnchoredClusters, type Anchor } from '../identification/anchors.js';
import { voiceprintThresholds } from '../identification/thresholds.js';
import { centroid, type VoiceScore } from '../vectors.js';

import { aggregateActivity, recordingFrameCount, type SpeakerActivity } from './activity.js';
import { scanChunkSpeakers, type ChunkSpeakers, type LocalSpeaker } from './chunk-scan.js';
import { clusterEmbeddings, type SpeakerCountBounds } from './clustering.js';
import { speakerCountRules, type SpeakerCountRules } from './count-rules.js';
import type { SpeakerEmbedder } from './embedding.js';
import { assignLocalSpeakers } from './local-assignment.js';
import { addQuietSpeakers } from './quiet-speakers.js';
import type { SpeakerSegmenter } from './segmentation.js';
import { overlapSpans, speakerTurns, type SpeakerTurn, type TimeSpan } from './turns.js';

export interface DiarizeOptions {
  bounds: SpeakerCountBounds;
  /** Known attendees' voiceprints (same embedding model): clusters matching one anchor are merged. */
  anchors: readonly Anchor[];
  /** Average-linkage cosine distance that stops merging; see identification/thresholds.ts. */
  threshold: number;
  /** The engine's voice comparison, to match clusters with anchors. */
  voiceScore: VoiceScore;
  /** A cluster this alike to an anchor (on `voiceScore`'s scale) is that attendee; default CAM++'s suggest threshold. */
  anchorThreshold?: number;
  signal: AbortSignal;
  onProgress: (fraction: number) => void;
}

/** Who spoke when, with labels S1, S2… in order of first speech. */
export interface Diarization {
  modelId: string;
  labels: string[];
  activity: SpeakerActivity;
  turns: SpeakerTurn[];
  overlaps: TimeSpan[];
  /** Per label: the mean embedding of its clean speech and how many 10 ms frames it rests on. */
  voiceprints: { embedding: Float32Array; frames: number }[];
}

/**
 * Local speakers with `rules.foundingMinFrames` of overlap-free speech found the speakers; shorter or
 * overlapped ones only join them (count-rules.ts says why).
 */
type ClusteringChoices = Pick<DiarizeOptions, 'bounds' | 'anchors' | 'threshold' | 'voiceScore' | 'anchorThreshold'> & {
  /** The bench's variations of the count rules; the product leaves it out (`speakerCountRules`). */
  rules?: SpeakerCountRules;
};

function clusterLocalSpeakers(speakers: readonly LocalSpeaker[], options: ClusteringChoices): Float32Array[] {
  const rules = options.rules ?? speakerCountRules;
  const voiced = speakers.filter((s) => s.embedding !== null);
  const founders = voiced.filter((s) => s.clean && s.frames >= rules.foundingMinFrames);
  const pool = founders.length > 0 ? founders : voiced;
  const vectors = pool.map((s) => s.embedding ?? new Float32Array(0));
  // The hint's minimum, and voices unlike everyone found, are added by addQuietSpeakers below.
  const labels = clusterEmbeddings(vectors, {
    threshold: options.threshold,
    bounds: { min: 1, max: options.bounds.max },
    weights: pool.map((s) => s.frames),
    minShare: rules.absorbShare,
    counting: rules.counting,
  });
  const count = labels.length === 0 ? 0 : Math.max(...labels) + 1;
  const centroids = Array.from({ length: count }, (_, k) =>
    centroid(
      vectors.filter((_, i) => labels[i] === k),
      vectors[0]?.length ?? 0,
    ),
  );
  const anchored = mergeAnchoredClusters(
    centroids,
    options.anchors,
    options.bounds.min,
    options.voiceScore,
    options.anchorThreshold ?? voiceprintThresholds.suggest,
  );
  return addQuietSpeakers(
    anchored,
    voiced.map((s) => ({ embedding: s.embedding ?? new Float32Array(0), frames: s.frames })),
    options.bounds,
    rules.quietVoices,
  );
}

/** Speaker indices renumbered by first speech, so S1 is whoever talks first. */
function firstSpeechOrder(activity: SpeakerActivity): number[] {
  const first = new Array<number>(activity.speakerCount).fill(Infinity);
  for (let g = activity.frameCount - 1; g >= 0; g--) {
    for (let k = 0; k < activity.speakerCount; k++)
      if (activity.active[g * activity.speakerCount + k] === 1) first[k] = g;
  }
  return first
    .map((frame, speaker) => ({ frame, speaker }))
    .filter((entry) => Number.isFinite(entry.frame))
    .sort((a, b) => a.frame - b.frame)
    .map((entry) => entry.speaker);
}

function relabel(activity: SpeakerActivity, order: readonly number[]): SpeakerActivity {
  const speakerCount = order.length;
  const active = new Uint8Array(activity.frameCount * speakerCount);
  for (let g = 0; g < activity.frameCount; g++) {
    order.forEach((old, k) => (active[g * speakerCount + k] = activity.active[g * activity.speakerCount + old] ?? 0));
  }
  return { frameCount: activity.frameCount, speakerCount, active };
}

function speakerVoiceprints(chunks: readonly ChunkSpeakers[], mappings: (number | null)[][], order: number[]) {
  return order.map((speaker) => {
    const members = chunks.flatMap((chunk, c) =>
      chunk.speakers.filter((s) => s.embedding !== null && mappings[c]?.[s.local] === speaker),
    );
    const clean = members.filter((s) => s.clean);
    const used = clean.length > 0 ? clean : members;
    return {
      embedding: centroid(
        used.map((s) => s.embedding ?? new Float32Array(0)),
        used[0]?.embedding?.length ?? 0,
      ),
      frames: used.reduce((sum, s) => sum + s.frames, 0),
    };
  });
}

/** Segmentation + CAM++ embeddings + clustering over the decoded recording on disk. */
export async function diarize(
  pcm: PcmFile,
  models: { segmenter: SpeakerSegmenter; embedder: SpeakerEmbedder },
  options: DiarizeOptions,
): Promise<Diarization> {
  const chunks = await scanChunkSpeakers(pcm, models, {
    signal: options.signal,
    onProgress: (fraction) => options.onProgress(fraction * 0.95),
  });
  const diarization = diarizeChunks(chunks, pcm.sampleCount, models.embedder.modelId, options);
  options.onProgress(1);
  return diarization;
}

/**
 * Clustering and stitching of already scanned chunks: the cheap half of `diarize`, apart so that the
 * bench can try several settings (threshold, hint) on one scan of the models.
 */
export function diarizeChunks(
  chunks: readonly ChunkSpeakers[],
  sampleCount: number,
  modelId: string,
  options: ClusteringChoices,
): Diarization {
  const centroids = clusterLocalSpeakers(
    chunks.flatMap((chunk) => chunk.speakers),
    options,
  );
  const mappings = chunks.map((chunk) => {
    const byLocal: (Float32Array | null)[] = [null, null, null];
    for (const s of chunk.speakers) byLocal[s.local] = s.embedding;
    return centroids.length === 0 ? [null, null, null] : assignLocalSpeakers(byLocal, centroids);
  });
  const raw = aggregateActivity(chunks, mappings, centroids.length, recordingFrameCount(sampleCount));
  const order = firstSpeechOrder(raw);
  const activity = relabel(raw, order);
  return {
    modelId,
    labels: order.map((_, k) => `S${String(k + 1)}`),
    activity,
    turns: speakerTurns(activity),
    overlaps: overlapSpans(activity),
    voiceprints: speakerVoiceprints(chunks, mappings, order),
  };
}
