import { describe, expect, it } from 'vitest';

import {
  assertSafeObjectPath,
  encodeObjectPath,
  tempAudioFileName,
} from '../../../../electron/core/storage/object-path.js';

const owner = '0b5c1c5e-1111-4222-8333-944445555666';

/**
 * Paths an outside audit (and the usual traversal lists) throw at a Storage URL: encoded dots and
 * slashes that the server decodes after our check, query/fragment injection, Windows separators,
 * overlong UTF-8, control characters of every class. Each must be refused before any request.
 */
const hostileCorpus = [
  '%2e%2e/other-bucket/x.wav',
  '%2E%2E/other-bucket/x.wav',
  '%252e%252e/other-bucket/x.wav',
  '..%2fother-bucket%2fx.wav',
  '.%2e/x.wav',
  'a/%2e%2e/%2e%2e/x.wav',
  '%c0%ae%c0%ae/x.wav',
  'a/x.wav?download=1',
  'a/x.wav#frag',
  'a/x.wav%3Fdownload=1',
  'a\\..\\b.wav',
  '..\\other-bucket\\x.wav',
  'a\u0000b.wav',
  'a\nb.wav',
  'a\rb.wav',
  'a\tb.wav',
  'a\u007fb.wav',
  'a\u0085b.wav',
  'a\u009bb.wav',
  'a//b.wav',
  'a/./b.wav',
  '../etc/passwd',
  'a/',
  '/etc/passwd',
  'C:/Windows/win.ini',
  'c:x.wav',
];

describe('assertSafeObjectPath', () => {
  it.each(hostileCorpus)('refuses %j', (objectPath) => {
    expect(() => assertSafeObjectPath(objectPath)).toThrow(/audio file path/);
  });

  it.each([
    ['%2e%2e/other-bucket/x.wav', /'%'/],
    ['a/x.wav?download=1', /'\?'/],
    ['a/x.wav#frag', /'#'/],
    ['a\\b.wav', /'\\'/],
    ['a\u0000b.wav', /control characters/],
    ['meetings/../../secret.wav', /'\.\.'/],
    ['/etc/passwd', /relative/],
    ['', /no audio file path/],
    [`${'x'.repeat(1100)}.wav`, /longer than 1024/],
  ])('says why it refuses %j', (objectPath, message) => {
    expect(() => assertSafeObjectPath(objectPath)).toThrow(message);
  });

  it("keeps an owned meeting inside its owner's folder", () => {
    expect(assertSafeObjectPath(`${owner}/standup.m4a`, owner)).toBe(`${owner}/standup.m4a`);
    expect(() => assertSafeObjectPath('meetings/standup.m4a', owner)).toThrow(/owner's folder/);
    expect(() => assertSafeObjectPath(`${owner.replace('0b', '1b')}/standup.m4a`, owner)).toThrow(/owner's folder/);
    expect(() => assertSafeObjectPath(`${owner}x/standup.m4a`, owner)).toThrow(/owner's folder/);
    // A meeting without an owner (embedded queue, a shared deployment) may use any folder.
    expect(assertSafeObjectPath('meetings/standup.m4a', null)).toBe('meetings/standup.m4a');
  });

  it('accepts nested, non-ASCII names and encodes each segment for the Storage URL', () => {
    const name = '2026/Réunion du lundi/会议 + notes;v2.m4a';
    expect(assertSafeObjectPath(name)).toBe(name);
    expect(encodeObjectPath(name)).toBe('2026/R%C3%A9union%20du%20lundi/%E4%BC%9A%E8%AE%AE%20%2B%20notes%3Bv2.m4a');
  });
});

describe('tempAudioFileName', () => {
  it('uses only the meeting id and a plain extension', () => {
    expect(tempAudioFileName(owner, 'x/y/evil name;rm -rf.M4A')).toBe(`${owner}.m4a`);
    expect(tempAudioFileName(owner, 'noext')).toMatch(/\.audio$/);
  });
});
