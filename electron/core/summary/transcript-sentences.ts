import type { Segment } from '../../contract/meeting-result.js';

/** A segment together with its index in the meeting result's `segments` array. */
export interface IndexedSegment {
  index: number;
  segment: Segment;
}

/** One sentence of the transcript and where it came from. */
export interface TranscriptSentence {
  text: string;
  /** Indices into the result's segments array (more than one when a sentence crosses segments). */
  segments: number[];
  speaker: string | null;
  start: number;
}

/** Sentences longer than this are cut: unpunctuated speech would otherwise run on for minutes. */
const maxSentenceWords = 60;
/** A sentence cut by a segment boundary continues in the next segment when it follows this soon. */
const continuationGapSec = 1.5;

const terminalPunctuation = /[.!?。！？…]["')\]]*\s*$/u;

function splitText(segmenter: Intl.Segmenter, text: string): string[] {
  return [...segmenter.segment(text)].map((piece) => piece.segment.trim()).filter((piece) => piece !== '');
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}

function canContinue(open: TranscriptSentence | null, entry: IndexedSegment, previousEnd: number): boolean {
  return (
    open !== null &&
    open.speaker === entry.segment.speaker &&
    entry.segment.start - previousEnd <= continuationGapSec &&
    wordCount(open.text) < maxSentenceWords
  );
}

/**
 * Splits segments into sentences with the language's sentence rules (ICU via Intl.Segmenter). A
 * sentence left open at the end of a segment continues into the next one of the same speaker, and
 * then cites both segments.
 */
export function transcriptSentences(segments: readonly IndexedSegment[], language: string): TranscriptSentence[] {
  const segmenter = new Intl.Segmenter(language === 'auto' ? undefined : language, { granularity: 'sentence' });
  const sentences: TranscriptSentence[] = [];
  let open: TranscriptSentence | null = null;
  let previousEnd = -Infinity;
  for (const entry of segments) {
    const pieces = splitText(segmenter, entry.segment.text);
    for (const [position, piece] of pieces.entries()) {
      if (position === 0 && open !== null && canContinue(open, entry, previousEnd)) {
        open.text = `${open.text} ${piece}`;
        open.segments.push(entry.index);
      } else {
        open = { text: piece, segments: [entry.index], speaker: entry.segment.speaker, start: entry.segment.start };
        sentences.push(open);
      }
      if (terminalPunctuation.test(piece)) open = null;
    }
    previousEnd = entry.segment.end;
  }
  return sentences;
}
