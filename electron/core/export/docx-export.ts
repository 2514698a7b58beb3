import { Document, HeadingLevel, Packer, Paragraph, TextRun, type IRunOptions } from 'docx';

import type { MeetingDetail } from '../../contract/library.js';
import type { MeetingResult, SummaryItem } from '../../contract/meeting-result.js';
import { readableClock, transcriptTurns } from '../../contract/transcript-turns.js';
import { summaryHeadings } from '../summary/summary-text.js';

import { meetingFacts } from './text-exports.js';

/** The speaker's name in bold (typed options: the linter otherwise reads `bold` as String.prototype.bold). */
function speakerRun(speaker: string): TextRun {
  const options: IRunOptions = { text: `${speaker} `, bold: true };
  return new TextRun(options);
}

/** A Word document: title, facts, the summary by kind, then one paragraph per speaker turn. */
export async function toDocx(detail: MeetingDetail, result: MeetingResult): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ text: detail.meeting.title ?? 'Meeting', heading: HeadingLevel.TITLE }),
    new Paragraph({ text: meetingFacts(detail, result) }),
  ];
  if (result.summary !== null) {
    children.push(new Paragraph({ text: 'Summary', heading: HeadingLevel.HEADING_1 }));
    if (result.summary.overview.trim() !== '') children.push(new Paragraph({ text: result.summary.overview }));
    for (const kind of Object.keys(summaryHeadings) as SummaryItem['kind'][]) {
      const items = result.summary.items.filter((item) => item.kind === kind);
      if (items.length === 0) continue;
      children.push(new Paragraph({ text: summaryHeadings[kind], heading: HeadingLevel.HEADING_2 }));
      for (const item of items) children.push(new Paragraph({ text: item.text, bullet: { level: 0 } }));
    }
  }
  children.push(new Paragraph({ text: 'Transcript', heading: HeadingLevel.HEADING_1 }));
  for (const turn of transcriptTurns(result)) {
    children.push(
      new Paragraph({
        children: [
          ...(turn.speaker === null ? [] : [speakerRun(turn.speaker)]),
          new TextRun({ text: `[${readableClock(turn.start)}] `, color: '666666' }),
          new TextRun({ text: turn.text }),
        ],
      }),
    );
  }
  const document = new Document({
    creator: 'PC Worker',
    title: detail.meeting.title ?? 'Meeting',
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
