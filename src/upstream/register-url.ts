// Register URLs: a configured base URL may carry a path of its own (an API gateway's context
// path, e.g. `https://gw.example.no/krr`); the register's path is appended to it, never put in
// its place as `new URL('/rest/…', base)` would.

/** `base` + `path`, with exactly one `/` between them; `base`'s query and fragment are dropped. */
export function registerUrl(base: URL, path: string): URL {
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  url.search = '';
  url.hash = '';
  return url;
}
