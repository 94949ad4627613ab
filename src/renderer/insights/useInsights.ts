// Loads the insights report for the chosen query; refetches when it changes. Errors are shown, never swallowed.
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/index.js';
import type { InsightsQueryInput, InsightsReport } from '../../shared/insights/schemas.js';

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

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function daysAgo(n: number): string {
  return isoDay(new Date(Date.now() - n * 86_400_000));
}
