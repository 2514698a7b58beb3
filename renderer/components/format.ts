/** 75 → "1:15", 3725 → "1:02:05". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function formatTime(iso: string | null): string {
  return iso === null ? '–' : new Date(iso).toLocaleTimeString();
}

export function secondsBetween(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  return (new Date(to).getTime() - new Date(from).getTime()) / 1000;
}

export function formatBytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

const backendNames: Record<string, string> = {
  cpu: 'CPU',
  cuda: 'CUDA',
  dml: 'DirectML',
  coreml: 'CoreML',
  webgpu: 'WebGPU',
};

/** The inference backend as people know it: 'dml' → "DirectML". */
export function backendLabel(backend: string): string {
  return backendNames[backend] ?? backend;
}
