import { describe, expect, it } from 'vitest';

import {
  contentKeys,
  contentWordFilter,
  hasStopwordList,
  wordKey,
  wordTokens,
} from '../../../../electron/core/summary/content-words.js';

describe('content words', () => {
  it('splits words with inner apostrophes and hyphens, lower-cased, in any script', () => {
    expect(wordTokens('We’ll ship the L.C.D. mock-up, OK? Übermorgen!')).toEqual([
      "we'll",
      'ship',
      'the',
      'l',
      'c',
      'd',
      'mock-up',
      'ok',
      'übermorgen',
    ]);
  });

  it('keeps the content of a sentence in each of the seven languages with stopword lists', () => {
    const sentences: Record<string, [string, string[]]> = {
      en: ['So we will send the budget to the client', ['send', 'budge', 'clien']],
      de: ['Wir werden das Budget an den Kunden schicken', ['budge', 'kunde', 'schic']],
      fr: ['Nous allons envoyer le budget au client', ['allon', 'envoy', 'budge', 'clien']],
      es: ['Vamos a enviar el presupuesto al cliente', ['vamos', 'envia', 'presu', 'clien']],
      it: ['Manderemo il budget al cliente', ['mande', 'budge', 'clien']],
      pt: ['Vamos enviar o orçamento ao cliente', ['vamos', 'envia', 'orçam', 'clien']],
      nl: ['We sturen het budget naar de klant', ['sture', 'budge', 'klant']],
    };
    for (const [language, [sentence, keys]] of Object.entries(sentences)) {
      expect(hasStopwordList(language)).toBe(true);
      expect(contentKeys(sentence, contentWordFilter(language))).toEqual(keys);
    }
  });

  it('treats hesitations and back-channels as noise whatever the language', () => {
    expect(contentKeys('Um, yeah, mm-hmm, okay.', contentWordFilter('de'))).toEqual([]);
  });

  it("falls back to the meeting's most widespread words when the language has no list", () => {
    const sentences = [
      'ko je rekao da ćemo poslati budžet',
      'ko je poslao ponudu klijentu',
      'ko je zvao banku jutros',
      'ko je kupio novi ekran',
      'mi smo završili izvještaj',
      'oni su otkazali sastanak',
    ];
    const filter = contentWordFilter('bs', sentences);
    expect(hasStopwordList('bs')).toBe(false);
    expect(filter.isContent('ko')).toBe(false);
    expect(filter.isContent('je')).toBe(false);
    expect(filter.isContent('budžet')).toBe(true);
  });

  it('keys words by their first five letters so inflections match', () => {
    expect(wordKey('decided')).toBe(wordKey('decide'));
    expect(wordKey('meetings')).toBe(wordKey('meeting'));
    expect(wordKey('plan')).toBe('plan');
  });
});
