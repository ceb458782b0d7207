// Writes a tiny llama-architecture GGUF from scratch, following the GGUF specification
// (ggml-org/ggml docs/gguf.md, version 3), so the in-page engine can be tested without a model hub.
// Random weights, a byte-level SentencePiece vocabulary (byte fallback plus printable ASCII) and a
// ChatML template. About 520 kB; generated at test time, never committed as a binary.
//
// The weights are random but steered: every token embedding carries a large constant in dimension 0
// and only the printable ASCII tokens have a positive output weight there, so the model answers in
// plain ASCII (never a broken UTF-8 byte sequence) and never picks an end-of-generation token; an
// answer runs until the token limit or Stop, which is what the Stop and throughput tests need.

const T = { U16: 2, U32: 4, I32: 5, F32: 6, STRING: 8, ARRAY: 9 };
const GGML_F32 = 0;
const ALIGN = 32;

export const CHATML =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** The vocabulary: 3 specials, 256 byte tokens, the two ChatML markers, 95 printable ASCII pieces. */
export function tinyVocab() {
  const tokens = ['<unk>', '<s>', '</s>'];
  const types = [2, 3, 3]; // UNKNOWN, CONTROL, CONTROL
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(6); // BYTE
  }
  tokens.push('<|im_start|>', '<|im_end|>');
  types.push(3, 3);
  const firstText = tokens.length;
  for (let c = 0x20; c < 0x7f; c++) {
    // SentencePiece writes a space as U+2581.
    tokens.push(c === 0x20 ? '\u2581' : String.fromCharCode(c));
    types.push(1); // NORMAL
  }
  return { tokens, types, firstText };
}

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Writer {
  constructor() {
    this.parts = [];
    this.size = 0;
  }
  push(bytes) {
    this.parts.push(bytes);
    this.size += bytes.length;
  }
  u16(v) {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, true);
    this.push(b);
  }
  u32(v) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    this.push(b);
  }
  i32(v) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setInt32(0, v, true);
    this.push(b);
  }
  u64(v) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(v), true);
    this.push(b);
  }
  f32(v) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.push(b);
  }
  str(s) {
    const b = new TextEncoder().encode(s);
    this.u64(b.length);
    this.push(b);
  }
  pad() {
    const n = (ALIGN - (this.size % ALIGN)) % ALIGN;
    if (n) this.push(new Uint8Array(n));
  }
  bytes() {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

function writeValue(w, type, value) {
  if (type === T.U16) w.u16(value);
  else if (type === T.U32) w.u32(value);
  else if (type === T.I32) w.i32(value);
  else if (type === T.F32) w.f32(value);
  else if (type === T.STRING) w.str(value);
  else throw new Error(`type ${type}`);
}

function writeFile(kvs, tensors) {
  const w = new Writer();
  w.push(new TextEncoder().encode('GGUF'));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(kvs.length);
  for (const [key, type, value, itemType] of kvs) {
    w.str(key);
    w.u32(type);
    if (type === T.ARRAY) {
      w.u32(itemType);
      w.u64(value.length);
      for (const v of value) writeValue(w, itemType, v);
    } else writeValue(w, type, value);
  }
  let offset = 0;
  for (const t of tensors) {
    w.str(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(GGML_F32);
    w.u64(offset);
    offset += Math.ceil(t.data.byteLength / ALIGN) * ALIGN;
  }
  w.pad();
  for (const t of tensors) {
    w.push(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    w.pad();
  }
  return w.bytes();
}

/**
 * @param {{ chatTemplate?: string | null, splits?: number, seed?: number, layers?: number }} [o]
 * @returns {Uint8Array[]} one file, or `splits` files in llama.cpp's split layout (`split.*` keys;
 *   the metadata lives in the first, the tensors are shared out).
 */
export function tinyGguf(o = {}) {
  const { chatTemplate = CHATML, splits = 1, seed = 7, layers = 2 } = o;
  const nEmbd = 64;
  const nFf = 128;
  const nHead = 4;
  const { tokens, types, firstText } = tinyVocab();
  const nVocab = tokens.length;
  const rand = rng(seed);
  const uniform = (n, scale) => Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
  const ones = (n) => new Float32Array(n).fill(1);

  const embd = uniform(nEmbd * nVocab, 0.5);
  const out = uniform(nEmbd * nVocab, 0.5);
  for (let t = 0; t < nVocab; t++) {
    embd[t * nEmbd] = 4;
    out[t * nEmbd] = t >= firstText ? 1 : -1;
  }
  const tensors = [
    { name: 'token_embd.weight', dims: [nEmbd, nVocab], data: embd },
    { name: 'output_norm.weight', dims: [nEmbd], data: ones(nEmbd) },
    { name: 'output.weight', dims: [nEmbd, nVocab], data: out },
  ];
  for (let i = 0; i < layers; i++) {
    const p = `blk.${i}.`;
    tensors.push(
      { name: `${p}attn_norm.weight`, dims: [nEmbd], data: ones(nEmbd) },
      { name: `${p}attn_q.weight`, dims: [nEmbd, nEmbd], data: uniform(nEmbd * nEmbd, 0.05) },
      { name: `${p}attn_k.weight`, dims: [nEmbd, nEmbd], data: uniform(nEmbd * nEmbd, 0.05) },
      { name: `${p}attn_v.weight`, dims: [nEmbd, nEmbd], data: uniform(nEmbd * nEmbd, 0.05) },
      { name: `${p}attn_output.weight`, dims: [nEmbd, nEmbd], data: uniform(nEmbd * nEmbd, 0.05) },
      { name: `${p}ffn_norm.weight`, dims: [nEmbd], data: ones(nEmbd) },
      { name: `${p}ffn_gate.weight`, dims: [nEmbd, nFf], data: uniform(nEmbd * nFf, 0.05) },
      { name: `${p}ffn_up.weight`, dims: [nEmbd, nFf], data: uniform(nEmbd * nFf, 0.05) },
      { name: `${p}ffn_down.weight`, dims: [nFf, nEmbd], data: uniform(nFf * nEmbd, 0.05) },
    );
  }

  const kvs = [
    ['general.architecture', T.STRING, 'llama'],
    ['general.name', T.STRING, 'causerie-tiny'],
    ['llama.context_length', T.U32, 2048],
    ['llama.embedding_length', T.U32, nEmbd],
    ['llama.block_count', T.U32, layers],
    ['llama.feed_forward_length', T.U32, nFf],
    ['llama.attention.head_count', T.U32, nHead],
    ['llama.attention.layer_norm_rms_epsilon', T.F32, 1e-5],
    ['tokenizer.ggml.model', T.STRING, 'llama'],
    ['tokenizer.ggml.tokens', T.ARRAY, tokens, T.STRING],
    ['tokenizer.ggml.token_type', T.ARRAY, types, T.I32],
    ['tokenizer.ggml.bos_token_id', T.U32, 1],
    ['tokenizer.ggml.eos_token_id', T.U32, 2],
  ];
  if (chatTemplate) kvs.push(['tokenizer.chat_template', T.STRING, chatTemplate]);

  if (splits <= 1) return [writeFile(kvs, tensors)];
  const per = Math.ceil(tensors.length / splits);
  const files = [];
  for (let i = 0; i < splits; i++) {
    const split = [
      ['split.no', T.U16, i],
      ['split.count', T.U16, splits],
      ['split.tensors.count', T.I32, tensors.length],
    ];
    files.push(writeFile(i === 0 ? [...kvs, ...split] : split, tensors.slice(i * per, (i + 1) * per)));
  }
  return files;
}

/** llama.cpp's split file names: `<prefix>-00001-of-00002.gguf`. */
export const splitName = (prefix, i, n) =>
  `${prefix}-${String(i + 1).padStart(5, '0')}-of-${String(n).padStart(5, '0')}.gguf`;
