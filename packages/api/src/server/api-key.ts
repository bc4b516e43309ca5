// Bearer-token authentication, compared in constant time (on SHA-256 digests, so neither the key's bytes nor
// its length leak through timing).

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

export class ApiKeyCheck {
  private readonly keyDigest: Promise<Uint8Array>;

  constructor(key: string) {
    if (!key) throw new TypeError('the API key is empty');
    this.keyDigest = digest(key);
  }

  /** Whether the request carries `Authorization: Bearer <key>`. */
  async allows(request: Request): Promise<boolean> {
    const match = /^Bearer +(\S+) *$/i.exec(request.headers.get('authorization') ?? '');
    const given = await digest(match?.[1] ?? '');
    const expected = await this.keyDigest;
    let difference = match ? 0 : 1;
    for (let i = 0; i < expected.length; i++) difference |= expected[i]! ^ given[i]!;
    return difference === 0;
  }
}
