// Types for eslint.layers.js, read by tests/unit/lint/layers.test.ts.
import type { Linter } from 'eslint';

export interface LayerZone {
  target: string;
  from: string[];
  message: string;
}
export declare const layerZones: LayerZone[];
export declare const bannedPackages: Record<string, { packages: string[]; message: string }>;
export declare const layerConfigs: Linter.Config[];
