import type { AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';

/**
 * What a loaded Whisper export looks like from here. Every part is optional: the point of this file
 * is that a different export (or an updated transformers.js) may lack any of them.
 */
interface SessionView {
  inputNames?: readonly string[];
  outputNames?: readonly string[];
}
interface ExportView {
  tokenizer?: { convert_tokens_to_ids?: (token: string) => unknown };
  processor?: { feature_extractor?: { config?: { feature_size?: unknown } } };
  model?: {
    config?: { decoder_layers?: unknown; decoder_attention_heads?: unknown; num_mel_bins?: unknown };
    generation_config?: Record<string, unknown>;
    sessions?: { model?: SessionView; decoder_model_merged?: SessionView };
  };
}

/** The token ids the decoder reads from generation_config.json, and the token each must be. */
const namedTokens = [
  ['decoder_start_token_id', '<|startoftranscript|>'],
  ['eos_token_id', '<|endoftext|>'],
  ['no_timestamps_token_id', '<|notimestamps|>'],
] as const;

function tokenProblems(view: ExportView): string[] {
  const tokenizer = view.tokenizer;
  const config = view.model?.generation_config ?? {};
  if (typeof tokenizer?.convert_tokens_to_ids !== 'function') return ['the tokenizer cannot look up token ids'];
  const idOf = (token: string): unknown => tokenizer.convert_tokens_to_ids?.(token);
  const problems: string[] = [];
  for (const [field, token] of namedTokens) {
    if (config[field] !== idOf(token)) {
      problems.push(
        `generation_config.json gives ${field} ${JSON.stringify(config[field])}, the tokenizer gives ${token} ${JSON.stringify(idOf(token))}`,
      );
    }
  }
  // Whisper's no-speech token (<|nocaptions|>, <|nospeech|> in v3) sits just before <|notimestamps|>:
  // window-analysis.ts reads the no-speech probability there.
  const noTimestamps = config['no_timestamps_token_id'];
  const noSpeech = idOf('<|nocaptions|>') ?? idOf('<|nospeech|>');
  if (typeof noTimestamps === 'number' && noSpeech !== noTimestamps - 1) {
    problems.push(`the no-speech token is not just before <|notimestamps|> (it is ${JSON.stringify(noSpeech)})`);
  }
  const transcribe = (config['task_to_id'] as Record<string, unknown> | undefined)?.['transcribe'];
  if (transcribe !== idOf('<|transcribe|>')) {
    problems.push(
      `task_to_id gives transcribe ${JSON.stringify(transcribe)}, the tokenizer gives <|transcribe|> ${JSON.stringify(idOf('<|transcribe|>'))}`,
    );
  }
  const languages = Object.entries((config['lang_to_id'] ?? {}) as Record<string, unknown>);
  if (languages.length === 0) problems.push('generation_config.json lists no languages (lang_to_id)');
  const wrong = languages.filter(([token, id]) => idOf(token) !== id).map(([token]) => token);
  if (wrong.length > 0) {
    problems.push(
      `lang_to_id disagrees with the tokenizer for ${wrong.slice(0, 3).join(', ')}${wrong.length > 3 ? '…' : ''}`,
    );
  }
  return problems;
}

/** Word timings come from the cross-attentions of the alignment heads (DTW): every head must exist. */
function alignmentProblems(view: ExportView): string[] {
  const heads = view.model?.generation_config?.['alignment_heads'];
  const layers = Number(view.model?.config?.decoder_layers);
  const perLayer = Number(view.model?.config?.decoder_attention_heads);
  if (!Array.isArray(heads) || heads.length === 0) {
    return ['generation_config.json has no alignment_heads, which word timings need'];
  }
  const inside = (pair: unknown): boolean => {
    const [layer, head] = (Array.isArray(pair) ? pair : []) as unknown[];
    return Number(layer) >= 0 && Number(layer) < layers && Number(head) >= 0 && Number(head) < perLayer;
  };
  const outside = (heads as unknown[]).filter((pair) => !inside(pair));
  const problems =
    outside.length === 0
      ? []
      : [
          `alignment_heads ${JSON.stringify(outside)} lie outside the decoder's ${String(layers)} layers × ${String(perLayer)} heads`,
        ];
  const outputs = view.model?.sessions?.decoder_model_merged?.outputNames ?? [];
  const attentions = outputs.filter((name) => name.startsWith('cross_attentions')).length;
  if (attentions !== layers) {
    problems.push(
      `the decoder gives ${String(attentions)} cross-attention outputs for ${String(layers)} layers (exported without output_attentions?)`,
    );
  }
  return problems;
}

/** The session names window-analysis.ts and the decoder call by name. */
function sessionProblems(view: ExportView): string[] {
  const sessions = view.model?.sessions;
  const expected: [string, SessionView | undefined, 'inputNames' | 'outputNames', string][] = [
    ['encoder', sessions?.model, 'inputNames', 'input_features'],
    ['encoder', sessions?.model, 'outputNames', 'last_hidden_state'],
    ['decoder', sessions?.decoder_model_merged, 'inputNames', 'input_ids'],
    ['decoder', sessions?.decoder_model_merged, 'inputNames', 'encoder_hidden_states'],
    ['decoder', sessions?.decoder_model_merged, 'outputNames', 'logits'],
  ];
  const problems = expected
    .filter(([, session, side, name]) => !(session?.[side] ?? []).includes(name))
    .map(([which, , side, name]) => `the ${which} has no ${side === 'inputNames' ? 'input' : 'output'} named ${name}`);
  const mels = view.processor?.feature_extractor?.config?.feature_size;
  const modelMels = view.model?.config?.num_mel_bins;
  if (mels !== modelMels) {
    problems.push(
      `preprocessor_config.json makes ${JSON.stringify(mels)} mel bins, config.json expects ${JSON.stringify(modelMels)}`,
    );
  }
  return problems;
}

/**
 * Everything the decoder (whisper-decoder.ts, window-analysis.ts) takes for granted about a Whisper
 * export, checked once when the model loads. A mismatch would otherwise show up mid-meeting, as a
 * crash (no alignment heads) or as wrong text without an error (token ids off by one): an empty list
 * means the export is one this worker reads right.
 */
export function whisperExportProblems(asr: AutomaticSpeechRecognitionPipeline): string[] {
  const view = asr as unknown as ExportView;
  return [...tokenProblems(view), ...alignmentProblems(view), ...sessionProblems(view)];
}
