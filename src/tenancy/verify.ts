// Domain ownership verification, pluggable: DNS TXT in production, a local verifier in development and tests.
// The tenant publishes `_livery-challenge.<domain> TXT "<verification token>"`.

export interface DomainVerifier {
  /** Whether `domain` currently proves ownership with `token`. Never throws for a failed lookup: false. */
  verify(domain: string, token: string): Promise<boolean>;
}

export const CHALLENGE_LABEL = '_livery-challenge';

/** DNS TXT lookup over DNS-over-HTTPS (JSON API), which works the same from a Worker and from Node. */
export class DnsTxtVerifier implements DomainVerifier {
  readonly #resolver: string;
  readonly #fetch: typeof fetch;

  constructor(resolver = 'https://cloudflare-dns.com/dns-query', fetcher: typeof fetch = fetch) {
    this.#resolver = resolver;
    this.#fetch = fetcher;
  }

  async verify(domain: string, token: string): Promise<boolean> {
    const url = new URL(this.#resolver);
    url.searchParams.set('name', `${CHALLENGE_LABEL}.${domain}`);
    url.searchParams.set('type', 'TXT');
    try {
      const response = await this.#fetch(url, {
        headers: { accept: 'application/dns-json' },
        signal: AbortSignal.timeout(5000),
      });
      if (!response.ok) return false;
      const body = (await response.json()) as { Answer?: { type: number; data: string }[] };
      return (body.Answer ?? []).some((answer) => answer.type === 16 && unquoteTxt(answer.data) === token);
    } catch {
      return false;
    }
  }
}

function unquoteTxt(data: string): string {
  // TXT data arrives as one or more quoted strings: "abc" "def" → abcdef
  const parts = data.match(/"((?:[^"\\]|\\.)*)"/g);
  return parts ? parts.map((p) => p.slice(1, -1).replace(/\\(.)/g, '$1')).join('') : data;
}

/**
 * Local verification for development and tests: a record counts once it was `publish`ed; in development,
 * names under `.localhost` / `.test` (which have no public DNS) verify without a record.
 */
export class LocalVerifier implements DomainVerifier {
  readonly #records = new Map<string, string>();
  readonly #trustReservedNames: boolean;

  constructor(options: { trustReservedNames?: boolean } = {}) {
    this.#trustReservedNames = options.trustReservedNames ?? false;
  }

  publish(domain: string, token: string): void {
    this.#records.set(domain, token);
  }

  async verify(domain: string, token: string): Promise<boolean> {
    if (this.#records.get(domain) === token) return true;
    return this.#trustReservedNames && (domain.endsWith('.localhost') || domain.endsWith('.test'));
  }
}
