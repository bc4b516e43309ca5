// Cross-origin access, off by default: a web page may read answers (and, past a preflight, send JSON) only
// when its origin is listed. A request from any other page is refused outright rather than merely left
// without a grant, because a "simple" cross-origin POST runs on the server even when its answer is unreadable.

const allowMethods = 'GET, POST, OPTIONS';
/** Allowed when a preflight names none (clients such as the openai package add their own headers). */
const defaultAllowHeaders = 'Authorization, Content-Type';
/** How long a browser may cache a preflight answer, seconds. */
const preflightMaxAgeSeconds = 600;

/** An origin as browsers send it: scheme://host[:port], no path. */
function checkedOrigin(origin: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(origin);
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.origin === 'null' || parsed.origin !== origin.replace(/\/$/, '').toLowerCase()) {
    throw new TypeError(`'${origin}' is not an origin (scheme://host[:port], e.g. http://localhost:5173)`);
  }
  return parsed.origin;
}

export class CorsPolicy {
  private readonly origins: ReadonlySet<string>;
  private readonly anyOrigin: boolean;

  /** `origins`: the pages allowed to call the server; '*' allows every page. */
  constructor(origins: readonly string[] = []) {
    this.anyOrigin = origins.includes('*');
    this.origins = new Set(origins.filter((o) => o !== '*').map(checkedOrigin));
  }

  /**
   * Whether a request with this Origin header is served: no Origin (not a browser, or a same-origin GET),
   * the server's own origin, or a listed one.
   */
  allows(origin: string | null, ownOrigin: string): boolean {
    return origin === null || origin === ownOrigin || this.granted(origin);
  }

  private granted(origin: string): boolean {
    return this.anyOrigin || this.origins.has(origin);
  }

  /** The headers that let a listed origin's page read the answer; none for other requests. */
  grantHeaders(origin: string | null): Record<string, string> {
    if (origin === null || !this.granted(origin)) return {};
    return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  }

  /** The answer to a preflight (OPTIONS) from a served origin: the headers it asks for are allowed. */
  preflight(request: Request): Response {
    const grant = this.grantHeaders(request.headers.get('origin'));
    const headers =
      'Access-Control-Allow-Origin' in grant
        ? {
            ...grant,
            'Access-Control-Allow-Methods': allowMethods,
            'Access-Control-Allow-Headers':
              request.headers.get('access-control-request-headers') ?? defaultAllowHeaders,
            'Access-Control-Max-Age': String(preflightMaxAgeSeconds),
          }
        : {};
    return new Response(null, { status: 204, headers });
  }
}
