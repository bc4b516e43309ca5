// Which Host headers the server answers, against DNS rebinding: a page on evil.example that re-points its name
// at 127.0.0.1 reaches a loopback server from the browser, but its requests still carry `Host: evil.example`.
// Loopback names, IP literals (a rebinding attack needs a name it controls) and the names the operator lists
// are accepted; anything else is refused (as Ollama does).

/**
 * The name in a Host header or bind address, lowercased, without port, IPv6 in brackets, a trailing dot dropped.
 */
export function hostName(host: string): string | undefined {
  // A bare IPv6 address (a bind address) has two colons or more; host:port has one.
  const authority = !host.startsWith('[') && host.split(':').length > 2 ? `[${host}]` : host;
  try {
    return new URL(`http://${authority}`).hostname.replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

const isIpLiteral = (name: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.startsWith('[');

/** True for the names and addresses that only reach this machine. */
export function isLoopbackHost(host: string): boolean {
  const name = hostName(host);
  if (name === undefined) return false;
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(name) ||
    name === '[::1]' ||
    name === '[::ffff:7f00:1]'
  );
}

export class HostCheck {
  private readonly names: ReadonlySet<string>;
  private readonly anyHost: boolean;

  /** `extraHosts`: names accepted besides loopback ones and IP literals; '*' accepts every name. */
  constructor(extraHosts: readonly string[] = []) {
    this.anyHost = extraHosts.includes('*');
    const names = new Set<string>();
    for (const host of extraHosts.filter((h) => h !== '*')) {
      const name = hostName(host);
      if (name === undefined || name === '') throw new TypeError(`'${host}' is not a host name`);
      names.add(name);
    }
    this.names = names;
  }

  /** Whether a request for `host` (the Host header, or the request URL's host) is answered. */
  allows(host: string): boolean {
    if (this.anyHost) return true;
    const name = hostName(host);
    if (name === undefined) return false;
    return isLoopbackHost(name) || isIpLiteral(name) || this.names.has(name);
  }
}
