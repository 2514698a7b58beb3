import type { MeetingSpeaker, Summary, SummaryItem } from './meeting-result.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A function that writes each speaker label (S1) found as a whole word in a text as the name people
 * gave it; null when no speaker has a name.
 */
function labelRewriter(speakers: readonly MeetingSpeaker[]): ((text: string) => string) | null {
  const names = new Map(
    speakers
      .filter((speaker) => speaker.name !== null && speaker.name !== speaker.label)
      .map((speaker) => [speaker.label, speaker.name as string]),
  );
  if (names.size === 0) return null;
  // Longest first, so that S12 is never read as S1 followed by 2; one pass, so a swap (S1 ↔ S2) holds.
  const alternatives = [...names.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, 'gu');
  return (text) => text.replace(pattern, (label) => names.get(label) ?? label);
}

/**
 * The summary as people read it now. The worker writes the speaker labels it knows: "S1: …" in the
 * overview, labels in each item's speakers and as the owner of an "I will …". A name arrives later
 * (a person renames S1, a voiceprint is named), so it is put in where the summary is shown, never
 * into the stored text: the label stays the reference, and a second rename still finds it.
 */
export function summaryWithNames(summary: Summary, speakers: readonly MeetingSpeaker[]): Summary {
  const rewrite = labelRewriter(speakers);
  if (rewrite === null) return summary;
  const item = (entry: SummaryItem): SummaryItem => ({
    ...entry,
    text: rewrite(entry.text),
    speakers: entry.speakers.map(rewrite),
    owner: entry.owner === null ? null : rewrite(entry.owner),
  });
  return { ...summary, overview: rewrite(summary.overview), items: summary.items.map(item) };
}
