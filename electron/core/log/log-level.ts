import type { Settings } from '../../contract/settings.js';

export type LogLevel = Settings['logLevel'];
