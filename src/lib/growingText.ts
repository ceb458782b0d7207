// A streamed answer grows by appends. A long string grown with `+=` is a rope, and reading any part
// of it (slice, startsWith, indexOf, charCodeAt) first copies all of it into one piece: a view that
// read the new part of a 100 kB answer at every frame copied 100 kB a frame, 37 MB of garbage for
// a 20k-token answer, which the browser then collected in pauses of tens of milliseconds while the
// user typed. So the writer of a growing text keeps here the pieces it appended, and a reader that
// has the text up to some length takes what followed from them, without reading the rest.

/** Growing texts being written now (one per streaming answer). */
const live = new Set<GrowingText>();
/** Pieces kept for a reader that does not come (the chat is not on screen) stop here. */
const MAX_KEPT_CHARS = 1_000_000;

export class GrowingText {
  #text: string;
  /** Every value the text had, by length, from the oldest a reader may still hold: each is a prefix of the next. */
  readonly #was = new Map<number, string>();
  /** The pieces appended since `#piecesFrom` (where the oldest reader stands). */
  #pieces: string[] = [];
  #piecesFrom: number;
  #piecesLength = 0;

  constructor(text = '') {
    this.#text = text;
    this.#piecesFrom = text.length;
    this.#was.set(text.length, text);
    live.add(this);
  }

  get text(): string {
    return this.#text;
  }

  /** Appends a piece; returns the whole text, to be stored where the readers find it. */
  append(piece: string): string {
    if (!piece) return this.#text;
    this.#text += piece;
    this.#was.set(this.#text.length, this.#text);
    if (this.#piecesLength + piece.length > MAX_KEPT_CHARS) this.#forget();
    else {
      this.#pieces.push(piece);
      this.#piecesLength += piece.length;
    }
    return this.#text;
  }

  /**
   * What follows `previous` in the text now, when `previous` is a value this text had (the very
   * string, not an equal one); else undefined. What precedes `previous` is forgotten: a reader moves
   * forward only.
   */
  after(previous: string): string | undefined {
    const from = previous.length;
    // Lengths first: comparing two distinct strings of the same length would read both.
    if (from < this.#piecesFrom || this.#was.get(from) !== previous) return undefined;
    for (const length of this.#was.keys()) {
      if (length >= from) break;
      this.#was.delete(length);
    }
    let start = this.#piecesFrom;
    let skip = 0;
    while (skip < this.#pieces.length && start + this.#pieces[skip]!.length <= from) {
      start += this.#pieces[skip]!.length;
      skip += 1;
    }
    // The pieces still needed become one (short) string, so they do not pile up either.
    const rest = this.#pieces.slice(skip).join('');
    this.#pieces = rest ? [rest] : [];
    this.#piecesFrom = start;
    this.#piecesLength = rest.length;
    return rest.slice(from - start);
  }

  /** No reader holds anything older than the text as it is now. */
  #forget(): void {
    this.#pieces = [];
    this.#piecesLength = 0;
    this.#piecesFrom = this.#text.length;
    this.#was.clear();
    this.#was.set(this.#text.length, this.#text);
  }

  /** The text is complete: readers fall back to reading it. */
  end(): void {
    live.delete(this);
    this.#forget();
  }
}

/** The growing text now equal to `text` (the very string), if one is being written. */
export function growingTextOf(text: string): GrowingText | undefined {
  for (const growing of live)
    if (growing.text.length === text.length && growing.text === text) return growing;
  return undefined;
}
