// webvtt-parser (the W3C's reference parser) ships no types: the part the export tests use.
declare module 'webvtt-parser' {
  export interface ParsedCue {
    id: string;
    startTime: number;
    endTime: number;
    text: string;
  }
  export class WebVTTParser {
    parse(
      input: string,
      mode: 'subtitles' | 'chapters' | 'metadata',
    ): {
      cues: ParsedCue[];
      errors: { message: string; line: number }[];
    };
  }
}
