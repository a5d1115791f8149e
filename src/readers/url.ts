/**
 * A link worth keeping: an absolute http(s) URL. Anything else (`javascript:`, `data:`, a relative
 * path) is dropped, because stored URLs end up as links in the dashboard and exports.
 */
export function webUrl(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  try {
    const url = new URL(v);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
