/**
 * `node --import tsx tools/serve-llama-chat.ts [--model file.gguf] [--port 8080] [--threads 1] [--max-tokens 1024]`: a local
 * OpenAI-compatible chat server on 127.0.0.1 running a GGUF model (default: SmolLM2-135M-Instruct from
 * tools/llm/fetch-smollm2.sh), for trying the chat summary backend and for `bench:summary`
 * (SUMMARY_API_URL=http://127.0.0.1:8080/v1 SUMMARY_API_MODEL=<printed id>). Stops on Ctrl+C.
 */
import { parseArgs } from 'node:util';

import { smolLm2Path, startLlamaChatServer } from '../tests/support/llama-chat-server.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    port: { type: 'string', default: '8080' },
    threads: { type: 'string', default: '1' },
    'max-tokens': { type: 'string', default: '1024' },
  },
});
const server = await startLlamaChatServer({
  modelPath: values.model ?? smolLm2Path(),
  port: Number(values.port),
  threads: Number(values.threads),
  defaultMaxTokens: Number(values['max-tokens']),
});
process.stdout.write(`serving ${server.modelId} at ${server.baseUrl}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
