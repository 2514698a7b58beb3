/**
 * `node --import tsx tests/bench/speakers-score-files.ts ref.rttm hyp.rttm durationSec`: the bench's
 * DER of one pair as JSON ({ plain, collar }), for tools/check_der_scorer.py to set beside pyannote.metrics.
 */
import { diarizationError, readRttm } from './speakers-scoring.js';

const [reference = '', hypothesis = '', duration = '0'] = process.argv.slice(2);
const [ref, hyp] = [readRttm(reference), readRttm(hypothesis)];
const der = (collar: number): number => diarizationError(ref, hyp, Number(duration), collar).der;
console.log(JSON.stringify({ plain: der(0), collar: der(0.25) }));
