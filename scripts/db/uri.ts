// Database names in MongoDB connection strings, which may carry several hosts, credentials, a
// trailing slash or a query string (so WHATWG URL parsing is not enough).
const MONGODB_URI = /^(mongodb(?:\+srv)?:\/\/[^/?]*)(?:\/([^?]*))?(\?.*)?$/;

function parts(uri: string): { base: string; name: string; query: string } {
  const match = MONGODB_URI.exec(uri);
  if (!match) throw new Error(`not a MongoDB connection string: ${uri.replace(/\/\/[^@/]*@/, '//…@')}`);
  return { base: match[1]!, name: decodeURIComponent(match[2] ?? ''), query: match[3] ?? '' };
}

/** The URI with its database set to `name`, whatever database it named before. */
export function uriWithDatabase(uri: string, name: string): string {
  const { base, query } = parts(uri);
  return `${base}/${encodeURIComponent(name)}${query}`;
}

/** The URI naming `name` as its database unless it already names one. */
export function uriWithDefaultDatabase(uri: string, name: string): string {
  return parts(uri).name ? uri : uriWithDatabase(uri, name);
}
