import { existsSync } from 'node:fs';
import os from 'node:os';

/** ONNX Runtime backends transformers.js can run Whisper on in Node. */
export type Backend = 'cpu' | 'cuda' | 'dml' | 'coreml' | 'webgpu';

/** Where ONNX inference runs, and the reason it was chosen (shown in the dashboard). */
export interface InferenceDevice {
  device: Backend;
  /** GPU adapter index (GPU_DEVICE) for CUDA and DirectML; null on the CPU. */
  deviceIndex: number | null;
  /** Intra-op threads for the CPU (every backend runs some operators there). */
  threads: number;
  /** Passed to every ONNX Runtime session this device creates. */
  sessionOptions: Record<string, unknown>;
  /**
   * Speech windows decoded together. One on the CPU, where a batch buys little on a few cores (and
   * with the q8 files' 8-bit activations changed each window's text with its neighbours); GPUs run
   * the batch in parallel.
   */
  transcribeBatchSize: number;
  reason: string;
}

/** How well a backend transcribed the bundled clip. */
export interface CanaryResult {
  errorRate: number;
  text: string;
}

/** Transcribes the bundled known clip on a device; throws when the backend cannot even load. */
export type Canary = (device: InferenceDevice) => Promise<CanaryResult>;

/** Word error rate above which a backend is producing garbage, not a weaker transcript. */
export const canaryMaxErrorRate = 0.4;

export interface DeviceChoiceOptions {
  enableGpu: boolean;
  gpuDevice: number;
  platform?: NodeJS.Platform;
  threads?: number;
  /** GPU backends worth probing on this machine; defaults to `gpuLadder()` for the platform. */
  ladder?: readonly Exclude<Backend, 'cpu'>[];
  canary?: Canary;
}

/**
 * The GPU backends in the order tried: the platform's native one (DirectML, CoreML, CUDA), then WebGPU.
 * On Linux CUDA needs the NVIDIA driver and WebGPU a render node; without either no GPU is probed.
 */
export function gpuLadder(
  platform: NodeJS.Platform = process.platform,
  hasPath = existsSync,
): Exclude<Backend, 'cpu'>[] {
  if (platform === 'win32') return ['dml', 'webgpu'];
  if (platform === 'darwin') return ['coreml', 'webgpu'];
  if (platform !== 'linux') return [];
  return [
    ...(hasPath('/dev/nvidiactl') ? (['cuda'] as const) : []),
    ...(hasPath('/dev/dri') ? (['webgpu'] as const) : []),
  ];
}

export function cpuThreads(): number {
  return Math.max(1, os.availableParallelism());
}

function deviceFor(backend: Backend, gpuDevice: number, threads: number, reason: string): InferenceDevice {
  // The memory arena stays on: without it every decoder step mallocs and frees its buffers (tens of MB
  // for Whisper's cross-attention), which made decoding ~4x slower in system time; its size is bounded
  // by the largest window, so memory stays flat over long recordings.
  const cpuOptions = { intraOpNumThreads: threads, interOpNumThreads: 1, enableCpuMemArena: true };
  if (backend === 'cpu') {
    return { device: 'cpu', deviceIndex: null, threads, sessionOptions: cpuOptions, transcribeBatchSize: 1, reason };
  }
  const provider = backend === 'cuda' || backend === 'dml' ? { name: backend, deviceId: gpuDevice } : { name: backend };
  return {
    device: backend,
    deviceIndex: backend === 'cuda' || backend === 'dml' ? gpuDevice : null,
    threads,
    sessionOptions: { ...cpuOptions, executionProviders: [provider, 'cpu'] },
    transcribeBatchSize: 8,
    reason,
  };
}

const describeError = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/**
 * Chooses the backend at start-up: each GPU backend on the ladder must transcribe the bundled clip
 * (the canary) within `canaryMaxErrorRate` of its reference, else it is dropped with its reason; the
 * CPU, with one thread per core, is the fallback that always works.
 */
export async function chooseInferenceDevice(options: DeviceChoiceOptions): Promise<InferenceDevice> {
  const threads = options.threads ?? cpuThreads();
  const cpu = (why: string): InferenceDevice =>
    deviceFor('cpu', options.gpuDevice, threads, `${why}: using the CPU (${String(threads)} threads)`);
  if (!options.enableGpu) return cpu('GPU disabled in settings (ENABLE_GPU=false)');
  const ladder = options.ladder ?? gpuLadder(options.platform);
  if (ladder.length === 0) return cpu('no GPU backend found on this machine');
  if (options.canary === undefined) return cpu(`GPU backends ${ladder.join(', ')} not probed (no canary available)`);
  const dropped: string[] = [];
  for (const backend of ladder) {
    const candidate = deviceFor(backend, options.gpuDevice, threads, '');
    try {
      const result = await options.canary(candidate);
      if (result.errorRate <= canaryMaxErrorRate) {
        const via = `${backend}${candidate.deviceIndex === null ? '' : ` #${String(candidate.deviceIndex)}`}`;
        return {
          ...candidate,
          reason: `${via} passed the canary (WER ${(100 * result.errorRate).toFixed(0)} %)${dropped.length > 0 ? `; dropped ${dropped.join('; ')}` : ''}`,
        };
      }
      dropped.push(`${backend}: canary WER ${(100 * result.errorRate).toFixed(0)} % ("${result.text.slice(0, 40)}")`);
    } catch (error) {
      dropped.push(`${backend}: ${describeError(error)}`);
    }
  }
  return cpu(`GPU requested, but no backend passed the canary (${dropped.join('; ')})`);
}
