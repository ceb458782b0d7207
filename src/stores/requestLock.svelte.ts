// The request lock: while a reply is pending, nothing else may be sent, and Stop ends it at once.
// Kept as one object so the composer, the keyboard handler and the conversation all agree.

export interface LockToken {
  readonly signal: AbortSignal;
  readonly owner: string;
}

class RequestLock {
  #holders = $state<{ owner: string; controller: AbortController }[]>([]);

  get isLocked(): boolean {
    return this.#holders.length > 0;
  }

  /** Owners (message ids) currently holding the lock. */
  get owners(): string[] {
    return this.#holders.map((h) => h.owner);
  }

  /** Take the lock for one request. Returns null when something is already pending. */
  acquire(owner: string): LockToken | null {
    if (this.#holders.length > 0) return null;
    return this.#add(owner);
  }

  /** Take the lock for several requests that run together (a comparison). */
  acquireGroup(owners: string[]): LockToken[] | null {
    if (this.#holders.length > 0 || owners.length === 0) return null;
    return owners.map((o) => this.#add(o));
  }

  release(token: LockToken): void {
    this.#holders = this.#holders.filter((h) => h.controller.signal !== token.signal);
  }

  /** Stop one owner's request, or all of them. The abort closes the connection at once. */
  stop(owner?: string): void {
    const stopping = owner ? this.#holders.filter((h) => h.owner === owner) : this.#holders;
    for (const h of stopping) h.controller.abort();
    this.#holders = this.#holders.filter((h) => !stopping.includes(h));
  }

  #add(owner: string): LockToken {
    const controller = new AbortController();
    this.#holders = [...this.#holders, { owner, controller }];
    return { signal: controller.signal, owner };
  }
}

export type { RequestLock };
export const createRequestLock = () => new RequestLock();
export const requestLock = new RequestLock();
