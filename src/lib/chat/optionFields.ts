// The generation options the settings panel offers, with their ranges. Labels are the API's own
// names, which is what users look up in model cards and Modelfiles.
import type { GenerationOptions } from '../providers/types';

export interface NumberField {
  name: Exclude<keyof GenerationOptions, 'stop'>;
  min?: number;
  max?: number;
  placeholder: string;
}

export const NUMBER_FIELDS: NumberField[] = [
  { name: 'temperature', min: 0, max: 2, placeholder: '0.8' },
  { name: 'top_p', min: 0, max: 1, placeholder: '0.9' },
  { name: 'top_k', min: 0, placeholder: '40' },
  { name: 'min_p', min: 0, max: 1, placeholder: '0.0' },
  { name: 'repeat_penalty', min: 0, placeholder: '1.0' },
  { name: 'num_ctx', min: 1, placeholder: '2048' },
  { name: 'num_predict', min: -2, placeholder: '-1' },
  { name: 'seed', placeholder: 'random' },
];

/** The numeric generation options, by name (for validating configuration and import files). */
export const NUMERIC_OPTIONS: readonly NumberField['name'][] = NUMBER_FIELDS.map((f) => f.name);

/** Reads a number input: empty means "use the model's default". */
export function parseNumber(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export function parseStops(text: string): string[] | undefined {
  const stops = text.split('\n').filter((s) => s.length > 0);
  return stops.length ? stops : undefined;
}
