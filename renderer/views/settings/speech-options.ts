import type { SystemInfo, WhisperModelChoice } from '../../../electron/contract/events.js';
import { whisperModelIds } from '../../../electron/contract/settings.js';
import { whisperLanguageCodes } from '../../../electron/contract/whisper-languages.js';
import { backendLabel } from '../../components/format.js';

export interface Choice {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface DeviceChoices {
  choices: Choice[];
  /** One line under the field: what the worker found and what it uses now. */
  note: string;
  /** False where there is nothing to choose (no GPU backend on this machine). */
  selectable: boolean;
}

/**
 * The GPU device field's options, from what the running worker found (system-info); the saved value
 * stays listed even when that GPU is gone, so opening the settings never changes it silently.
 */
export function gpuDeviceChoices(system: SystemInfo | null, current: number): DeviceChoices {
  const saved = { value: String(current), label: `GPU ${String(current)}` };
  if (system === null)
    return {
      choices: [saved],
      note: 'The worker has not reported its GPUs yet; the list appears once it runs.',
      selectable: true,
    };
  // A dash, not brackets: the reason often holds brackets of its own ("… (2 threads)").
  const inUse = `In use now: ${backendLabel(system.backend)} — ${system.backendReason}.`;
  if (system.gpuBackends.length === 0)
    return {
      choices: [{ value: String(current), label: 'No GPU found' }],
      note: `No GPU backend was found on this machine, so the worker runs on the CPU. ${inUse}`,
      selectable: false,
    };
  const backends = `GPU backends found: ${system.gpuBackends.map(backendLabel).join(', ')}.`;
  if (system.gpus.length === 0)
    return {
      choices: [{ value: String(current), label: 'The default GPU' }],
      note: `${backends} ${inUse}`,
      selectable: false,
    };
  const choices: Choice[] = system.gpus.map((gpu) => ({
    value: String(gpu.index),
    label: `${gpu.index}: ${gpu.name}`,
  }));
  if (!system.gpus.some((gpu) => gpu.index === current))
    choices.push({ value: saved.value, label: `${saved.value}: not found on this machine` });
  return { choices, note: `${backends} ${inUse}`, selectable: true };
}

function formatSize(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`;
}

function modelLabel(model: WhisperModelChoice, allowDownloads: boolean): string {
  const name = model.id.replace(/^.*\//, '');
  const availability = model.downloaded
    ? 'downloaded'
    : allowDownloads
      ? 'downloads on first use'
      : 'not downloaded, and downloads are off';
  return `${name} (${formatSize(model.sizeBytes)}, ${model.speedTier}; ${availability})`;
}

/**
 * The model field's options from the worker's model manifest (system-info). A model that is not here
 * while downloads are off cannot load, so it is shown but not offered (unless it is the saved one).
 */
export function whisperModelOptions(system: SystemInfo | null, current: string, allowDownloads: boolean): Choice[] {
  const auto: Choice = {
    value: 'auto',
    label:
      system === null
        ? 'Automatic (chosen for this machine)'
        : `Automatic: ${system.whisperModel.replace(/^.*\//, '')} here (${system.whisperModelReason.replace(/^auto: /, '')})`,
  };
  if (system === null) return [auto, ...whisperModelIds.map((id) => ({ value: id, label: id }))];
  return [
    auto,
    ...system.whisperModels.map((model) => ({
      value: model.id,
      label: modelLabel(model, allowDownloads),
      disabled: !model.downloaded && !allowDownloads && model.id !== current,
    })),
  ];
}

/**
 * English names (Whisper's own) for languages a browser's trimmed ICU data may not name: Chromium
 * answered "ba" and "bo" for Bashkir and Tibetan, and "jw" is Whisper's code, not ISO's, for Javanese.
 */
const namesIcuMayLack: Readonly<Record<string, string>> = {
  ba: 'Bashkir',
  bo: 'Tibetan',
  br: 'Breton',
  fo: 'Faroese',
  haw: 'Hawaiian',
  ht: 'Haitian Creole',
  jw: 'Javanese',
  la: 'Latin',
  lb: 'Luxembourgish',
  ln: 'Lingala',
  mg: 'Malagasy',
  nn: 'Norwegian Nynorsk',
  oc: 'Occitan',
  sa: 'Sanskrit',
  sn: 'Shona',
  su: 'Sundanese',
  tk: 'Turkmen',
  tl: 'Tagalog',
  tt: 'Tatar',
  yi: 'Yiddish',
  yue: 'Cantonese',
};

/** 'auto', then every language Whisper knows by its name in the page's language ("German (de)"). */
export function languageOptions(current: string, locale: string): Choice[] {
  const names = new Intl.DisplayNames([locale, 'en'], { type: 'language', fallback: 'code' });
  const nameOf = (code: string) => {
    const named = names.of(code);
    return named === undefined || named === code ? (namesIcuMayLack[code] ?? code) : named;
  };
  const languages = whisperLanguageCodes
    .map((code) => ({ value: code, label: `${nameOf(code)} (${code})` }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
  const known = current === 'auto' || languages.some((language) => language.value === current);
  return [
    { value: 'auto', label: 'Detect for each meeting' },
    ...(known ? [] : [{ value: current, label: current }]),
    ...languages,
  ];
}
