import { describe, expect, it } from 'vitest';

import { meetingLanguage } from '../../../../electron/core/asr/meeting-language.js';
import { PreprocessingError } from '../../../../electron/core/errors.js';

describe('meetingLanguage', () => {
  it("takes the meeting's own language over the setting, and a browser tag's primary language", () => {
    expect(meetingLanguage('de', 'auto')).toBe('de');
    expect(meetingLanguage(null, 'fr')).toBe('fr');
    expect(meetingLanguage('  ', 'auto')).toBe('auto');
    expect(meetingLanguage('en-US', 'auto')).toBe('en');
    expect(meetingLanguage('pt_BR', 'auto')).toBe('pt');
    expect(meetingLanguage('HAW', 'auto')).toBe('haw');
  });

  it('refuses a code Whisper has no token for, at once and for good, naming where it came from', () => {
    const refusal = (requested: string | null, setting: string) => {
      try {
        meetingLanguage(requested, setting);
        return null;
      } catch (error) {
        return error as PreprocessingError;
      }
    };
    const unknown = refusal('xx', 'auto');
    expect(unknown).toBeInstanceOf(PreprocessingError);
    expect(unknown?.retryable).toBe(false);
    expect(unknown?.message).toBe(
      `Whisper cannot transcribe in "xx" (the meeting's requested language): use 'auto' or a language code such as 'en'.`,
    );
    const injected = refusal("en'); drop table public.meetings; -- <script>alert(1)</script>", 'auto');
    expect(injected?.message).toMatch(/^Whisper cannot transcribe in "en'\); drop table public\.meetings; -- <sc…"/);
    expect(refusal(null, 'zz')?.message).toMatch(/\(the LANGUAGE setting\)/);
  });
});
