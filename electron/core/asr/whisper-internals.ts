import type { AutomaticSpeechRecognitionPipeline, Tensor } from '@huggingface/transformers';

/** Generation output with the per-step attentions that word timestamps come from. */
export interface GenerateOutput {
  sequences: Tensor;
  /** One entry per decoding step, one tensor per decoder layer: [batch, heads, tokens, frames]. */
  cross_attentions: Tensor[][];
}

/** The parts of the transformers.js Whisper pipeline (pinned version) this worker drives directly. */
export interface WhisperInternals {
  processor: (audio: Float32Array) => Promise<{ input_features: Tensor }>;
  tokenizer: {
    timestamp_begin: number;
    _decode_asr: (
      chunks: { tokens: bigint[]; token_timestamps: number[]; stride: number[] }[],
      options: { time_precision: number; return_timestamps: 'word'; force_full_sequences: boolean },
    ) => [string, { chunks?: { text: string; timestamp: [number | null, number | null] }[] }];
  };
  model: ((inputs: Record<string, Tensor>) => Promise<{ logits: Tensor }>) & {
    sessions: { model: { run: (feeds: Record<string, unknown>) => Promise<Record<string, unknown>> } };
    generate: (options: Record<string, unknown>) => Promise<GenerateOutput>;
    _extract_token_timestamps: (
      outputs: GenerateOutput,
      alignmentHeads: number[][],
      numFrames: number,
      timePrecision: number,
      promptLength: number,
    ) => Tensor;
    generation_config: {
      decoder_start_token_id: number;
      no_timestamps_token_id: number;
      eos_token_id: number;
      alignment_heads: number[][];
      lang_to_id: Record<string, number>;
    };
  };
}

export const internalsOf = (asr: AutomaticSpeechRecognitionPipeline): WhisperInternals =>
  asr as unknown as WhisperInternals;
