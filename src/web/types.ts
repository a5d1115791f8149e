/** What the API returns: the store's own types, so the dashboard and the server cannot drift apart. */
import type { ArticleAnnotations, ArticleSummary, PlaceSummary, StoredActor, StoredArticle, StoredEvent, StoredQuote } from '../store/store.ts';
import type { DyadPoint, DyadReport, EvidenceEvent, EvidenceQuote, Relation } from '../store/relations.ts';

export type { ArticleSummary, DyadPoint, DyadReport, EvidenceEvent, EvidenceQuote, PlaceSummary, Relation, StoredActor, StoredEvent, StoredQuote };

export type ArticleResponse = StoredArticle & ArticleAnnotations;
export interface Page<T> {
  items: T[];
  next: string | null;
}
export interface Health {
  ok: boolean;
  articles: number;
  events: number;
  mergedEvents: number;
}
export interface GraphNode {
  id: string;
  label: string;
  events: number;
}
export interface RelationsResponse {
  level: 'state' | 'actor';
  nodes: GraphNode[];
  edges: Relation[];
}
export interface SearchHit {
  id: number;
  title: string | null;
  published: string | null;
  source: string | null;
  snippet: string;
}
