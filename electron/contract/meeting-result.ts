import { z } from 'zod';

/** Times are seconds from the start of the recording. */
export const wordSchema = z.object({
  text: z.string(),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  /** Speaker label active at the word's time; null until diarization has run. */
  speaker: z.string().nullable().default(null),
  /** True when another speaker talks during part of the word (the word went to the dominant one). */
  overlap: z.boolean().optional(),
});

export const segmentSchema = z.object({
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  text: z.string(),
  /** A label such as `S1`, stable within one meeting; null when diarization did not run. */
  speaker: z.string().nullable(),
  /** The `speakers` row this label was matched to, or null. */
  speakerId: z.uuid().nullable().default(null),
  words: z.array(wordSchema),
  /** What the worker wrote, when a person has corrected `text`; absent otherwise. */
  originalText: z.string().optional(),
});

export const meetingSpeakerSchema = z.object({
  label: z.string(),
  name: z.string().nullable(),
  speakerId: z.uuid().nullable().default(null),
  match: z.enum(['auto', 'suggested', 'new']).nullable().default(null),
  score: z.number().nullable().default(null),
});

/**
 * One diarization turn: a speaker's continuous speech, pauses between words included, as DER
 * scores it and RTTM exports it (words alone lose the pauses and score far worse).
 */
export const speakerTurnSchema = z.object({
  speaker: z.string(),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
});

/** A span (seconds) where two or more speakers talk at once. */
export const overlapSpanSchema = z.object({ start: z.number().nonnegative(), end: z.number().nonnegative() });

/**
 * A change to the voiceprint library that saving the meeting applies (in complete_meeting's
 * transaction): `create` a new unnamed voiceprint, `update` a matched one (running mean), or keep
 * a `suggest`ed match's meeting voice for a person to confirm (`confirm_speaker_match`).
 */
export const voiceprintChangeSchema = z.object({
  label: z.string(),
  speakerId: z.uuid(),
  action: z.enum(['create', 'update', 'suggest']),
  /** The embedding model id; the database never mixes embeddings of different models. */
  model: z.string(),
  embedding: z.array(z.number()),
});

export const summaryItemSchema = z.object({
  kind: z.enum(['key_point', 'decision', 'action_item', 'question']),
  text: z.string(),
  /** Indices into the result's `segments` array that this item rests on. */
  segments: z.array(z.number().int().nonnegative()),
  speakers: z.array(z.string()),
  owner: z.string().nullable(),
  due: z.string().nullable(),
});

export const summarySchema = z.object({
  overview: z.string(),
  items: z.array(summaryItemSchema),
  backend: z.string(),
});

/**
 * What one processed meeting produces: the `pc-worker process --out` JSON and the payload of the
 * database's `complete_meeting` function.
 */
export const meetingResultSchema = z.object({
  language: z.string(),
  durationSec: z.number().nonnegative(),
  segments: z.array(segmentSchema),
  speakers: z.array(meetingSpeakerSchema),
  summary: summarySchema.nullable(),
  /** Overlapped speech, when diarization ran. */
  overlaps: z.array(overlapSpanSchema).optional(),
  /** Who spoke when, in time order, when diarization ran (the RTTM export's source). */
  turns: z.array(speakerTurnSchema).optional(),
  /** Voiceprint library changes, when identification ran. */
  voiceprints: z.array(voiceprintChangeSchema).optional(),
  /** Wall-clock seconds spent in each stage that ran. */
  timingsSec: z.record(z.string(), z.number().nonnegative()),
});

export type Word = z.infer<typeof wordSchema>;
export type Segment = z.infer<typeof segmentSchema>;
export type MeetingSpeaker = z.infer<typeof meetingSpeakerSchema>;
export type SummaryItem = z.infer<typeof summaryItemSchema>;
export type Summary = z.infer<typeof summarySchema>;
export type OverlapSpan = z.infer<typeof overlapSpanSchema>;
export type LabelledTurn = z.infer<typeof speakerTurnSchema>;
export type VoiceprintChange = z.infer<typeof voiceprintChangeSchema>;
export type MeetingResult = z.infer<typeof meetingResultSchema>;
