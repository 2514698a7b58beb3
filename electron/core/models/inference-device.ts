/** Where ONNX inference runs, and the reason it was chosen (shown in the dashboard). */
export interface InferenceDevice {
  device: 'cpu';
  reason: string;
}

/**
 * The CPU is the backend every machine has. GPU execution providers are only used once they pass a
 * canary transcription, which this build does not have yet, so the choice is stated, not guessed.
 */
export function chooseInferenceDevice(options: { enableGpu: boolean }): InferenceDevice {
  return options.enableGpu
    ? { device: 'cpu', reason: 'GPU requested, but no GPU backend has passed a canary check yet: using the CPU' }
    : { device: 'cpu', reason: 'GPU disabled in settings (ENABLE_GPU=false)' };
}
