import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { readByteRange } from '../../../electron/contract/byte-range.js';
import type { MeetingAudioFile } from '../../../electron/contract/meeting-edits.js';
import { audioProtocolHandler, meetingAudioUrl } from '../../../electron/main/audio-protocol.js';
import { repoDir } from '../../support/shared-data.js';

/**
 * The desktop app's pcw-audio:// protocol through its port: Electron's protocol.handle gives the
 * handler a web Request and sends back its Response, exactly what this test does (no Electron binary
 * can run here). The worker side (which file a meeting has) is the real flac of the bundled sample.
 */
const sample = path.join(repoDir, 'resources/samples/librispeech-1089-134686-0000.flac');
const bytes = readFileSync(sample);
const meetingId = '0b7f5a52-51a4-4f0e-9d2c-3c1e4a5b6c7d';
const asked: string[] = [];
const handler = audioProtocolHandler((id) => {
  asked.push(id);
  const file: MeetingAudioFile = { kind: 'file', path: sample, size: statSync(sample).size, mimeType: 'audio/flac' };
  return Promise.resolve(id === meetingId ? file : null);
});

describe('pcw-audio protocol', () => {
  it('serves the whole recording, then any byte range a seeking player asks for', async () => {
    const whole = await handler(new Request(meetingAudioUrl(meetingId)));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);

    const middle = await handler(new Request(meetingAudioUrl(meetingId), { headers: { range: 'bytes=1000-1999' } }));
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe(`bytes 1000-1999/${bytes.length}`);
    expect(Buffer.from(await middle.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);

    const tail = await handler(new Request(meetingAudioUrl(meetingId), { headers: { range: 'bytes=-100' } }));
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 100))).toBe(true);

    const past = await handler(
      new Request(meetingAudioUrl(meetingId), { headers: { range: `bytes=${bytes.length}-` } }),
    );
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
  });

  it('serves only a meeting’s recording: other meetings, paths and hosts are 404 without asking for a file', async () => {
    asked.length = 0;
    for (const url of [
      'pcw-audio://meeting/2d9f7c74-73c6-4b20-9f4e-5e3a6c7d8e9f',
      `pcw-audio://meeting/${meetingId}/../../etc/passwd`,
      'pcw-audio://meeting/..%2f..%2fetc%2fpasswd',
      `pcw-audio://file/${meetingId}`,
      `pcw-audio://meeting/${meetingId.toUpperCase()}`,
    ]) {
      const response = await handler(new Request(url));
      expect(response.status, url).toBe(404);
    }
    expect(asked).toEqual(['2d9f7c74-73c6-4b20-9f4e-5e3a6c7d8e9f']);
    expect((await handler(new Request(meetingAudioUrl(meetingId), { method: 'POST' }))).status).toBe(405);
  });

  it('reads Range headers as RFC 9110 says', () => {
    expect(readByteRange(undefined, 10)).toEqual({ kind: 'whole' });
    expect(readByteRange('bytes=2-', 10)).toEqual({ kind: 'partial', start: 2, end: 9 });
    expect(readByteRange('bytes=2-100', 10)).toEqual({ kind: 'partial', start: 2, end: 9 });
    expect(readByteRange('bytes=-3', 10)).toEqual({ kind: 'partial', start: 7, end: 9 });
    expect(readByteRange('bytes=-30', 10)).toEqual({ kind: 'partial', start: 0, end: 9 });
    expect(readByteRange('bytes=5-2', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(readByteRange('bytes=10-', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(readByteRange('bytes=0-1,4-5', 10)).toEqual({ kind: 'whole' });
    expect(readByteRange('items=0-1', 10)).toEqual({ kind: 'whole' });
  });
});
