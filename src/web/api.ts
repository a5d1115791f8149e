import type { ArticleResponse, ArticleSummary, DyadReport, Health, Page, PlaceSummary, RelationsResponse, SearchHit, StoredActor, StoredEvent } from './types.ts';
import type { Query } from './router.ts';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function get<T>(path: string, query: Query, signal?: AbortSignal): Promise<T> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === null || v === undefined || v === false || v === '') continue;
    params.set(k, v === true ? 'true' : String(v));
  }
  const qs = params.toString();
  const res = await fetch(`/api/${path}${qs ? `?${qs}` : ''}`, { signal, headers: { accept: 'application/json' } });
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`the server answered ${res.status} ${res.statusText} without JSON`, res.status);
  }
  if (!res.ok) throw new ApiError((body as { error?: string }).error ?? `the server answered ${res.status}`, res.status);
  return body as T;
}

export const api = {
  health: (signal?: AbortSignal) => get<Health>('health', {}, signal),
  relations: (q: Query, signal?: AbortSignal) => get<RelationsResponse>('relations', q, signal),
  dyad: (q: Query, signal?: AbortSignal) => get<DyadReport>('dyad', q, signal),
  article: (id: number, signal?: AbortSignal) => get<ArticleResponse>(`articles/${id}`, {}, signal),
  articles: (q: Query, signal?: AbortSignal) => get<Page<ArticleSummary>>('articles', q, signal),
  events: (q: Query, signal?: AbortSignal) => get<Page<StoredEvent>>('events', q, signal),
  actor: (id: string, signal?: AbortSignal) => get<StoredActor>(`actors/${encodeURIComponent(id)}`, {}, signal),
  places: (q: Query, signal?: AbortSignal) => get<{ items: PlaceSummary[] }>('places', q, signal),
  search: (q: Query, signal?: AbortSignal) => get<{ items: SearchHit[] }>('search', q, signal),
};
