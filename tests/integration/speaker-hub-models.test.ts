import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { diarize } from '../../electron/core/speakers/diarization/diarize.js';
import { loadSpeakerEngine } from '../../electron/core/speakers/models/engine.js';
import { defaultSpeakerModelDir } from '../../electron/core/speakers/models/model-files.js';
import { decodeToPcm } from '../bench/speakers-diarization.js';
import { startFakeHub, type FakeHub } from '../support/fake-hub.js';
import { renameGraphIo } from '../support/onnx-rename.js';
import { sharedDir } from '../support/shared-data.js';

/**
 * Hub speaker models (speakers/models/catalogue.ts) through the model store and the speaker engine. The Hub
 * cannot be reached here (see tests/support/fake-hub.ts for the contract the stand-in follows), and
 * neither Hub file could be fetched: the segmentation export is stood in for by the bundled
 * segmentation-3.0 ONNX with the export's input and output names (`input_values`, `logits`), the
 * WeSpeaker export only by wrong bytes, which its pinned SHA-256 must refuse.
 */
const modelDir = defaultSpeakerModelDir();
const segmentationId = 'onnx-community/pyannote-segmentation-3.0';
const wespeakerId = 'onnx-community/wespeaker-voxceleb-resnet34-LM';
let hub: FakeHub;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'speaker-hub-'));
  const bundled = await readFile(path.join(modelDir, 'pyannote-segmentation-3.0', 'segmentation-3.0.onnx'));
  const exportLike = renameGraphIo(
    bundled,
    new Map([
      ['waveform', 'input_values'],
      ['log_probs', 'logits'],
    ]),
  );
  const notWespeaker = await readFile(path.join(modelDir, 'campplus-zh-en', 'campplus_zh_en_16k.onnx'));
  hub = await startFakeHub((key) => {
    if (key === `${segmentationId}/onnx/model.onnx`) return exportLike;
    if (key === `${wespeakerId}/onnx/model.onnx`) return notWespeaker;
    return undefined;
  });
});

afterAll(async () => {
  await hub.close();
  await rm(scratch, { recursive: true, force: true });
});

function places(name: string, download: boolean) {
  const cache = path.join(scratch, name);
  return { searchDirs: [cache], downloadDir: download ? cache : null, hubUrl: hub.url };
}

describe('speaker models from the Hub', () => {
  it('downloads the segmentation export into the model cache and diarizes with it as with the bundled file', async () => {
    const fromHub = await loadSpeakerEngine(
      modelDir,
      { segmentation: segmentationId, embedding: 'campplus-zh-en' },
      places('download', true),
    );
    expect(hub.requests).toContain(`/${segmentationId}/resolve/main/onnx/model.onnx`);
    await expect(stat(path.join(scratch, 'download', segmentationId, 'onnx', 'model.onnx'))).resolves.toBeDefined();
    const bundled = await loadSpeakerEngine(modelDir);
    const pcm = decodeToPcm(
      path.join(sharedDir, 'data', 'diarization', 'spokenwoz_MUL1011.wav'),
      path.join(scratch, 'call.f32'),
    );
    const options = {
      bounds: { min: 1, max: 20 },
      anchors: [],
      threshold: bundled.calibration.clusteringThreshold,
      voiceScore: bundled.voiceScore,
      signal: new AbortController().signal,
      onProgress: () => undefined,
    };
    const [hubTurns, bundledTurns] = [
      (await diarize(pcm, fromHub, options)).turns,
      (await diarize(pcm, bundled, options)).turns,
    ];
    expect(hubTurns.length).toBeGreaterThan(10);
    expect(hubTurns).toEqual(bundledTurns);
  }, 120_000);

  it('refuses a WeSpeaker download whose bytes are not the pinned ones, and keeps nothing of it', async () => {
    const cache = places('wrong-bytes', true);
    await expect(
      loadSpeakerEngine(modelDir, { segmentation: 'pyannote-segmentation-3.0', embedding: wespeakerId }, cache),
    ).rejects.toThrow(/does not match its pinned hash .*expected 3955447b/);
    expect(hub.requests).toContain(`/${wespeakerId}/resolve/main/onnx/model.onnx`);
    await expect(stat(path.join(scratch, 'wrong-bytes', wespeakerId, 'onnx', 'model.onnx'))).rejects.toThrow();
  });

  it('says which speaker model is missing when downloads are off', async () => {
    await expect(
      loadSpeakerEngine(
        modelDir,
        { segmentation: 'pyannote-segmentation-3.0', embedding: wespeakerId },
        places('offline', false),
      ),
    ).rejects.toThrow(
      /speaker embedding model onnx-community\/wespeaker-voxceleb-resnet34-LM is not available offline/,
    );
  });
});
