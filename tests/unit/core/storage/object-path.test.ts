import { describe, expect, it } from 'vitest';

import { assertSafeObjectPath, tempAudioFileName } from '../../../../electron/core/storage/object-path.js';

describe('assertSafeObjectPath', () => {
  it.each([
    ['../etc/passwd', /'\.\.'/],
    ['meetings/../../secret.wav', /'\.\.'/],
    ['/etc/passwd', /relative/],
    ['C:/Windows/win.ini', /relative/],
    ['a\\..\\b.wav', /relative/],
    ['a\u0000b.wav', /control characters/],
    ['', /no audio file path/],
    [`${'x'.repeat(1100)}.wav`, /longer than 1024/],
  ])('refuses %j', (objectPath, message) => {
    expect(() => assertSafeObjectPath(objectPath)).toThrow(message);
  });

  it('accepts nested, non-ASCII names', () => {
    expect(assertSafeObjectPath('2026/Réunion du lundi/会议.m4a')).toBe('2026/Réunion du lundi/会议.m4a');
  });
});

describe('tempAudioFileName', () => {
  it('uses only the meeting id and a plain extension', () => {
    expect(tempAudioFileName('0b5c1c5e-1111-4222-8333-944445555666', 'x/y/evil name;rm -rf.M4A')).toBe(
      '0b5c1c5e-1111-4222-8333-944445555666.m4a',
    );
    expect(tempAudioFileName('0b5c1c5e-1111-4222-8333-944445555666', 'noext')).toMatch(/\.audio$/);
  });
});
