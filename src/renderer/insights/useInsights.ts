// Loads the insights report for the chosen query; refetches when it changes. Errors are shown, never swallowed.
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/index.js';
import type { InsightsQueryInput, InsightsReport } from '../../shared/insights/schemas.js';
import type { DiscoveredSplit, SplitsQueryInput } from '../../shared/insights/splits.js';

export function useInsights(query: InsightsQueryInput): { report: InsightsReport | null; error: string | null; loading: boolean; reload: () => void } {
  const [report, setReport] = useState<InsightsReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(query);
  useEffect(() => {
    let live = true;
    setLoading(true);
    api
      .invoke('insights.compute', query)
      .then((r) => live && (setReport(r), setError(null)))
      .catch((e) => live && setError(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- key is the query's JSON: the query object itself is new on every render
  }, [key, tick]);
  return { report, error, loading, reload: () => setTick((t) => t + 1) };
}

/**
 * Threshold splits for the report on screen (its own query, so a period being computed is never read twice at once),
 * asked for after the report so the figures never wait for them; null asks for none. Splits of another query are
 * never shown: they are cleared when the query changes.
 */
export function useSplits(query: SplitsQueryInput | null): DiscoveredSplit[] {
  const [splits, setSplits] = useState<{ key: string; splits: DiscoveredSplit[] } | null>(null);
  const key = query ? JSON.stringify(query) : '';
  useEffect(() => {
    if (!query) return;
    let live = true;
    api
      .invoke('insights.splits', query)
      .then((r) => live && setSplits({ key, splits: r.splits }))
      // Splits are an addition to the figures: when they cannot be computed the table still stands, without them.
      .catch(() => live && setSplits({ key, splits: [] }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- key is the query's JSON
  }, [key]);
  return splits && splits.key === key ? splits.splits : NO_SPLITS;
}
const NO_SPLITS: DiscoveredSplit[] = [];

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function daysAgo(n: number): string {
  return isoDay(new Date(Date.now() - n * 86_400_000));
}
