// The numeric generation options, by name (for validating configuration and import files); the
// fields' ranges and placeholders are in optionFields.ts, which only the settings panel loads.
import type { GenerationOptions } from '../providers/types';

export const NUMERIC_OPTIONS: readonly Exclude<keyof GenerationOptions, 'stop'>[] = [
  'temperature',
  'top_p',
  'top_k',
  'min_p',
  'repeat_penalty',
  'num_ctx',
  'num_predict',
  'seed',
];
