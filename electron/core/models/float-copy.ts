import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { WhisperModelEntry } from './model-manifest.js';
import { whisperCpuGraph } from './whisper-cpu-graph.js';

const stampName = 'float-activations.json';
/** Bumped when the rewrite changes, so older copies are made again. */
const rewriteVersion = 4;

const stampOf = (entry: WhisperModelEntry): string =>
  JSON.stringify({ rewriteVersion, revision: entry.revision, files: entry.files.map((f) => [f.path, f.sha256]) });

async function upToDate(dir: string, entry: WhisperModelEntry): Promise<boolean> {
  const stamp = await readFile(path.join(dir, stampName), 'utf8').catch(() => null);
  return stamp === stampOf(entry);
}

/**
 * The q8 model with its quantized products computed in float (float-activations.ts), as a
 * transformers.js `fp32` model folder under `<cacheRoot>/float-activations/`: made once from the
 * hash-checked q8 files (about a second for tiny), then reused. Returns the folder to point
 * transformers.js at. Two processes making it at once each write their own folder and the first
 * rename wins.
 */
export async function floatActivationCopy(
  entry: WhisperModelEntry,
  sourceDir: string,
  cacheRoot: string,
): Promise<string> {
  const root = path.join(cacheRoot, 'float-activations');
  const target = path.join(root, entry.id);
  if (await upToDate(target, entry)) return root;
  const building = `${target}.building-${randomUUID()}`;
  try {
    await mkdir(path.join(building, 'onnx'), { recursive: true });
    for (const file of entry.files) {
      const from = path.join(sourceDir, entry.id, file.path);
      if (!file.path.endsWith('_quantized.onnx')) {
        await copyFile(from, path.join(building, file.path));
        continue;
      }
      const { bytes } = whisperCpuGraph(await readFile(from));
      await writeFile(path.join(building, file.path.replace(/_quantized\.onnx$/, '.onnx')), bytes);
    }
    await writeFile(path.join(building, stampName), stampOf(entry));
    await rm(target, { recursive: true, force: true });
    await rename(building, target).catch(async (error: unknown) => {
      if (!(await upToDate(target, entry))) throw error;
    });
    return root;
  } finally {
    await rm(building, { recursive: true, force: true });
  }
}
