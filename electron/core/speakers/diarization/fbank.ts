/**
 * Kaldi log-mel filterbank, exactly as CAM++ was trained on it:
 * `torchaudio.compliance.kaldi.fbank(wav, num_mel_bins=80, sample_frequency=16000, dither=0)`
 * (see tools/models/README.md), or with a recipe's other window and sample scale (WeSpeaker). Written out here because no maintained JS library exposes a
 * Kaldi-compatible fbank (transformers.js keeps its spectrogram internal); the recipe is fixed and
 * the unit test compares it with torchaudio's output to 1e-3.
 */
export const fbankBins = 80;
export const fbankShiftSamples = 160;
const frameSamples = 400;
const fftSize = 512;
const spectrumBins = fftSize / 2 + 1;
const preemphasis = 0.97;
const logFloor = 1.1920929e-7;

/**
 * What differs between the Kaldi fbanks speaker models were trained on. CAM++: the povey window on
 * samples in [-1, 1). WeSpeaker (and transformers.js's WeSpeakerFeatureExtractor): a hamming window on
 * int16-scaled samples; mean normalisation cancels the scale except where energy meets the log floor.
 */
export interface FbankRecipe {
  window: 'povey' | 'hamming';
  sampleScale: number;
}

export const campplusFbank: FbankRecipe = { window: 'povey', sampleScale: 1 };

export interface Fbank {
  frameCount: number;
  /** Row-major [frameCount, 80]. */
  feats: Float32Array;
}

/** Frames that `snip_edges=true` yields for this many samples. */
export function fbankFrameCount(sampleCount: number): number {
  return sampleCount < frameSamples ? 0 : 1 + Math.floor((sampleCount - frameSamples) / fbankShiftSamples);
}

/** Kaldi's windows over one 400-sample frame (not periodic: the cosine spans N - 1). */
function frameWindow(kind: FbankRecipe['window']): Float64Array {
  const window = new Float64Array(frameSamples);
  for (let n = 0; n < frameSamples; n++) {
    const phase = (2 * Math.PI * n) / (frameSamples - 1);
    window[n] = kind === 'povey' ? (0.5 - 0.5 * Math.cos(phase)) ** 0.85 : 0.54 - 0.46 * Math.cos(phase);
  }
  return window;
}

const kaldiMel = (hz: number): number => 1127 * Math.log(1 + hz / 700);

/** [80][257] triangular weights on the Kaldi mel scale, 20 Hz to Nyquist; the Nyquist bin gets 0. */
function melFilters(): Float64Array[] {
  const low = kaldiMel(20);
  const spacing = (kaldiMel(8000) - low) / (fbankBins + 1);
  const filters: Float64Array[] = [];
  for (let m = 0; m < fbankBins; m++) {
    const left = low + m * spacing;
    const center = left + spacing;
    const right = center + spacing;
    const weights = new Float64Array(spectrumBins);
    for (let k = 0; k < spectrumBins - 1; k++) {
      const mel = kaldiMel((k * 16_000) / fftSize);
      if (mel > left && mel < right) {
        weights[k] = mel <= center ? (mel - left) / (center - left) : (right - mel) / (right - center);
      }
    }
    filters.push(weights);
  }
  return filters;
}

/** In-place iterative radix-2 FFT of a 512-point complex signal. */
function fft(re: Float64Array, im: Float64Array, cos: Float64Array, sin: Float64Array): void {
  for (let i = 1, j = 0; i < fftSize; i++) {
    let bit = fftSize >> 1;
    for (; (j & bit) !== 0; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j] ?? 0, re[i] ?? 0];
      [im[i], im[j]] = [im[j] ?? 0, im[i] ?? 0];
    }
  }
  for (let size = 2; size <= fftSize; size <<= 1) {
    const half = size >> 1;
    const step = fftSize / size;
    for (let start = 0; start < fftSize; start += size) {
      for (let k = 0; k < half; k++) {
        const a = start + k;
        const b = a + half;
        const wr = cos[k * step] ?? 0;
        const wi = sin[k * step] ?? 0;
        const br = re[b] ?? 0;
        const bi = im[b] ?? 0;
        const tr = br * wr - bi * wi;
        const ti = br * wi + bi * wr;
        re[b] = (re[a] ?? 0) - tr;
        im[b] = (im[a] ?? 0) - ti;
        re[a] = (re[a] ?? 0) + tr;
        im[a] = (im[a] ?? 0) + ti;
      }
    }
  }
}

const windows = { povey: frameWindow('povey'), hamming: frameWindow('hamming') };
const filters = melFilters();
const twiddleCos = Float64Array.from({ length: fftSize / 2 }, (_, k) => Math.cos((-2 * Math.PI * k) / fftSize));
const twiddleSin = Float64Array.from({ length: fftSize / 2 }, (_, k) => Math.sin((-2 * Math.PI * k) / fftSize));

/** Scaling, DC removal, pre-emphasis and the window, into `re` (zero-padded to 512). */
function prepareFrame(
  samples: Float32Array,
  offset: number,
  re: Float64Array,
  window: Float64Array,
  scale: number,
): void {
  let mean = 0;
  for (let n = 0; n < frameSamples; n++) mean += samples[offset + n] ?? 0;
  mean /= frameSamples;
  for (let n = frameSamples - 1; n >= 0; n--) {
    const x = ((samples[offset + n] ?? 0) - mean) * scale;
    const previous = n === 0 ? x : ((samples[offset + n - 1] ?? 0) - mean) * scale;
    re[n] = (x - preemphasis * previous) * (window[n] ?? 0);
  }
  re.fill(0, frameSamples);
}

/** Raw log-mel fbank (no mean normalisation) of 16 kHz mono samples in [-1, 1). */
export function computeFbank(samples: Float32Array, recipe: FbankRecipe = campplusFbank): Fbank {
  const window = windows[recipe.window];
  const frameCount = fbankFrameCount(samples.length);
  const feats = new Float32Array(frameCount * fbankBins);
  const re = new Float64Array(fftSize);
  const im = new Float64Array(fftSize);
  const power = new Float64Array(spectrumBins);
  for (let f = 0; f < frameCount; f++) {
    prepareFrame(samples, f * fbankShiftSamples, re, window, recipe.sampleScale);
    im.fill(0);
    fft(re, im, twiddleCos, twiddleSin);
    for (let k = 0; k < spectrumBins; k++) power[k] = (re[k] ?? 0) ** 2 + (im[k] ?? 0) ** 2;
    for (let m = 0; m < fbankBins; m++) {
      const weights = filters[m] ?? new Float64Array(0);
      let energy = 0;
      for (let k = 0; k < spectrumBins; k++) energy += (weights[k] ?? 0) * (power[k] ?? 0);
      feats[f * fbankBins + m] = Math.log(Math.max(energy, logFloor));
    }
  }
  return { frameCount, feats };
}

/** Copies the chosen frames and subtracts their mean per bin (the per-utterance CMN both models expect). */
export function selectWithMeanNormalisation(fbank: Fbank, frames: readonly number[]): Float32Array {
  const out = new Float32Array(frames.length * fbankBins);
  const mean = new Float64Array(fbankBins);
  frames.forEach((frame, row) => {
    for (let m = 0; m < fbankBins; m++) {
      const value = fbank.feats[frame * fbankBins + m] ?? 0;
      out[row * fbankBins + m] = value;
      mean[m] = (mean[m] ?? 0) + value;
    }
  });
  for (let row = 0; row < frames.length; row++) {
    for (let m = 0; m < fbankBins; m++) {
      const at = row * fbankBins + m;
      out[at] = (out[at] ?? 0) - (mean[m] ?? 0) / frames.length;
    }
  }
  return out;
}
