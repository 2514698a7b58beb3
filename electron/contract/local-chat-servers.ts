import { z } from 'zod';

/**
 * A chat model server found running on this computer on its default port (Ollama, LM Studio). It is
 * only offered in the settings: the worker never uses one the person has not chosen and saved.
 */
export const localChatServerSchema = z.object({
  kind: z.enum(['ollama', 'lm-studio']),
  /** The server's OpenAI-compatible API, as the summary backend takes it (ends in /v1). */
  baseUrl: z.string(),
  /** The models it has, by the name its chat API takes; may be empty (none downloaded or loaded yet). */
  models: z.array(z.string()),
});
export type LocalChatServer = z.infer<typeof localChatServerSchema>;
