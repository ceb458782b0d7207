// The generation options the settings panel offers, with their ranges. Labels are the API's own
// names, which is what users look up in model cards and Modelfiles. Which fields appear, and what
// their placeholders say, depends on the server: a placeholder is the value the server uses when
// the field is left empty, so it must be that server's default, not Ollama's.
import type { GenerationOptions, OptionName, ServerKind, ServerProps } from '../providers/types';

export interface NumberField {
  name: Exclude<keyof GenerationOptions, 'stop'>;
  min?: number;
  max?: number;
  placeholder: string;
}

/** Ollama's defaults (api/types.go DefaultOptions). */
export const NUMBER_FIELDS: NumberField[] = [
  { name: 'temperature', min: 0, max: 2, placeholder: '0.8' },
  { name: 'top_p', min: 0, max: 1, placeholder: '0.9' },
  { name: 'top_k', min: 0, placeholder: '40' },
  { name: 'min_p', min: 0, max: 1, placeholder: '0.0' },
  { name: 'repeat_penalty', min: 0, placeholder: '1.0' },
  { name: 'num_ctx', min: 1, placeholder: '2048' },
  { name: 'num_predict', min: -2, placeholder: '-1' },
  { name: 'seed', placeholder: panelText.seedRandom },
];

export { NUMERIC_OPTIONS } from './optionNames';
import { NUMERIC_OPTIONS } from './optionNames';
import { panelText } from '../i18n/panels';

export interface OptionFieldSet {
  fields: NumberField[];
  /** Options this server ignores (the `keep_alive` field included). */
  hidden: ReadonlySet<OptionName>;
  /** A sentence to show with the fields, when the defaults need explaining. */
  note?: string;
}

const field = (name: NumberField['name']): NumberField =>
  NUMBER_FIELDS.find((f) => f.name === name) as NumberField;

/** A number as a placeholder: "0.95", "40", not "0.949999988079071" (llama.cpp sends floats). */
function shown(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  // 1 and 0 read as probabilities or factors ("1.0"); 40 or 64 as counts.
  return Number.isInteger(rounded) && rounded < 2 ? rounded.toFixed(1) : String(rounded);
}

/**
 * The fields for a server: Ollama honours all of them; llama-server (known by its `/props`)
 * honours top_k, min_p and repeat_penalty too and says its own defaults; another
 * OpenAI-compatible server gets the OpenAI fields, with no made-up defaults. `num_ctx` and
 * `keep_alive` exist only in Ollama's native API.
 */
export function optionFieldsFor(kind: ServerKind, props?: ServerProps): OptionFieldSet {
  if (kind === 'ollama') return { fields: NUMBER_FIELDS, hidden: new Set() };
  // A model in the page (llama.cpp in WebAssembly) honours every sampling option; nothing stays loaded.
  if (kind === 'browser') return { fields: NUMBER_FIELDS, hidden: new Set<OptionName>(['keep_alive']) };
  const names: NumberField['name'][] = props
    ? ['temperature', 'top_p', 'top_k', 'min_p', 'repeat_penalty', 'num_predict', 'seed']
    : ['temperature', 'top_p', 'num_predict', 'seed'];
  const fields = names.map((name) => {
    const base = field(name);
    const value = props?.defaults[name];
    if (value !== undefined) return { ...base, placeholder: shown(value) };
    if (name === 'temperature' || name === 'top_p') return { ...base, placeholder: panelText.serverDefault };
    return base;
  });
  const all: OptionName[] = [...NUMERIC_OPTIONS, 'keep_alive'];
  const hidden = new Set(all.filter((n) => !(names as OptionName[]).includes(n)));
  return {
    fields,
    hidden,
    note: props
      ? props.contextSize
        ? panelText.llamaContext(props.contextSize)
        : undefined
      : panelText.v1Defaults,
  };
}

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
