import type { Page } from 'playwright-core';

/** What a page shows in its current colour scheme, measured from the colours Chromium computed. */
export interface ThemeReading {
  /** Relative luminance (0 black … 1 white) of the page background. */
  backgroundLuminance: number;
  /** Text elements measured. */
  checked: number;
  /** Text below the WCAG AA contrast (4.5:1, 3:1 for large text): `tag "text" ratio color on background`. */
  failures: string[];
}

/**
 * Runs in the page (a string, as the test code has no DOM types). Every visible element with text of
 * its own, and every form field with a value, is measured against the background it is drawn on (the
 * stack of ancestor backgrounds, alpha and opacity composited). Disabled controls are exempt, as in
 * WCAG. A background image makes the background unknown: such text is left out (none today).
 */
const readingScript = `(() => {
  const parse = (text) => {
    const m = /^rgba?\\(([^)]+)\\)$/.exec(text);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const channel = (v) => { const c = v / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const pageBackground = parse(getComputedStyle(document.body).backgroundColor);
  const backgroundOf = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.backgroundImage !== 'none') return null;
      const color = parse(style.backgroundColor);
      if (color && color.a > 0) layers.push(color);
      if (color && color.a >= 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), pageBackground);
  };
  const opacityOf = (element) => {
    let opacity = 1;
    for (let e = element; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    return opacity;
  };
  const ownText = (e) =>
    [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
  const fields = 'input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=range]), select, textarea';
  const failures = [];
  let checked = 0;
  for (const element of document.body.querySelectorAll('*')) {
    const text = element.matches(fields) ? String(element.value ?? '') : ownText(element);
    if (text === '' || element.closest(':disabled, [aria-disabled="true"], [hidden]')) continue;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (box.width === 0 || box.height === 0 || style.visibility !== 'visible') continue;
    const background = backgroundOf(element);
    const color = parse(style.color);
    if (!background || !color) continue;
    const drawn = over({ ...color, a: color.a * opacityOf(element) }, background);
    const [light, dark] = [luminance(drawn), luminance(background)].sort((x, y) => y - x);
    const ratio = (light + 0.05) / (dark + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    checked++;
    if (ratio < (large ? 3 : 4.5)) {
      failures.push(element.tagName.toLowerCase() + ' "' + text.slice(0, 40) + '" ' + ratio.toFixed(2) + ':1 ' +
        style.color + ' on ' + 'rgb(' + [background.r, background.g, background.b].map(Math.round).join(', ') + ')');
    }
  }
  return { backgroundLuminance: luminance(pageBackground), checked, failures };
})()`;

export function readTheme(page: Page): Promise<ThemeReading> {
  return page.evaluate<ThemeReading>(readingScript);
}

/** Width and height in pixels from a PNG's IHDR chunk (bytes 16–23). */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
