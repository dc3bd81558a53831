// Where request log lines go, and how client addresses are hashed for them (./request-log.ts writes the lines).
import { createHash, createHmac } from 'node:crypto';
import { Lru } from '../lib/lru.ts';

/**
 * Hashes client addresses for the logs: HMAC-SHA-256 with the deployment's key when there is one (an unkeyed hash
 * of an IPv4 address is reversed by trying all 2³² of them), plain SHA-256 otherwise. Remembers recent answers, so
 * a busy client costs one hash, not one per request.
 */
export class AddressHasher {
  readonly #key: string | undefined;
  readonly #recent = new Lru<string, string>(4096);

  constructor(key?: string) {
    this.#key = key || undefined;
  }

  hash(address: string): string {
    let hashed = this.#recent.peek(address);
    if (hashed === undefined) {
      hashed = (this.#key === undefined ? createHash('sha256') : createHmac('sha256', this.#key))
        .update(address)
        .digest('hex');
      this.#recent.set(address, hashed);
    }
    return hashed;
  }
}

/** What the request-log middleware needs from an entry point. */
export interface RequestLogger {
  /** Writes one line (Node: stdout, batched; Worker: console.log; tests: captured). */
  write(line: string): void;
  hasher: AddressHasher;
}
