/**
 * Running loudness of a float32 sample stream, fed with raw bytes as they arrive: the peak, and the
 * RMS of each 100 ms frame (which the chunk planner uses to cut at pauses).
 */
export class LevelMeter {
  static readonly frameSamples = 1600;
  peak = 0;
  sampleCount = 0;
  private readonly frames: number[] = [];
  private carry = Buffer.alloc(0);
  private frameSum = 0;
  private frameFill = 0;

  push(bytes: Buffer): void {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, bytes]) : bytes;
    const whole = data.length - (data.length % 4);
    for (let offset = 0; offset < whole; offset += 4) this.add(data.readFloatLE(offset));
    this.carry = Buffer.from(data.subarray(whole));
  }

  /** RMS per 100 ms frame, including the last partial one. */
  frameRms(): Float32Array {
    const frames = [...this.frames];
    if (this.frameFill > 0) frames.push(Math.sqrt(this.frameSum / this.frameFill));
    return Float32Array.from(frames);
  }

  private add(sample: number): void {
    const magnitude = Math.abs(sample);
    if (magnitude > this.peak) this.peak = magnitude;
    this.sampleCount += 1;
    this.frameSum += sample * sample;
    this.frameFill += 1;
    if (this.frameFill === LevelMeter.frameSamples) {
      this.frames.push(Math.sqrt(this.frameSum / this.frameFill));
      this.frameSum = 0;
      this.frameFill = 0;
    }
  }
}
