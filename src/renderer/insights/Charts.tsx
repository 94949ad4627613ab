// Charts (recharts): change rate and median wait over time per class, and volume by lane.
// At most six classes are drawn at once (the largest by decisions, or the one picked) so the lines stay readable.
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { visibleText } from '../../shared/hidden-chars.js';
import { duration, pct } from '../../shared/insights/format.js';
import type { InsightsSeries } from '../../shared/insights/schemas.js';

/** A change rate is a share of decisions: never above 100 %, and at least 0–10 % so all-zero lines do not stretch to 400 %. */
const CHANGE_RATE_DOMAIN: [number, (dataMax: number) => number] = [0, (dataMax) => Math.min(1, Math.max(dataMax, 0.1))];

const COLOURS = ['#1f5fbf', '#b3261e', '#1e6b34', '#8a4fbf', '#c77700', '#00838f'];
const LANE_COLOURS: Record<string, string> = { approval: '#1f5fbf', review: '#1e6b34', audit: '#c77700', escalation: '#b3261e' };

/** Classes drawn at once (the view asks insights.compute for just these: seriesClasses). */
export const CHARTED_CLASSES = 6;

export function Charts({ series }: { series: InsightsSeries }) {
  const top = [...series.classes]
    .map((c) => ({ c, n: c.points.reduce((s, p) => s + p.decided, 0) }))
    .sort((a, b) => b.n - a.n)
    .slice(0, CHARTED_CLASSES)
    .map((x) => x.c);
  const rows = series.buckets.map((b, i) => {
    const row: Record<string, string | number | null> = { bucket: b };
    for (const c of top) {
      // One point per bucket (summarize builds both from the same count).
      const p = c.points[i];
      if (!p) continue;
      row[`cr:${c.actionClass}`] = p.changeRate;
      row[`w:${c.actionClass}`] = p.medianWaitMs === null ? null : p.medianWaitMs / 60_000;
    }
    for (const l of series.volumeByLane) row[l.control] = l.volume[i]!;
    return row;
  });
  const per = series.bucket === 'day' ? 'per day' : 'per week';
  return (
    <div className="insights-charts">
      <figure aria-label={`Change rate over time ${per}`} data-chart="change-rate">
        <figcaption>Change rate (edited or rejected ÷ decided), {per}</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="bucket" fontSize={11} />
            <YAxis tickFormatter={(v: number) => pct(v, 0)} domain={CHANGE_RATE_DOMAIN} tickCount={6} fontSize={11} />
            <Tooltip formatter={(v) => pct(typeof v === 'number' ? v : null)} />
            <Legend />
            {top.map((c, i) => (
              <Line
                key={c.actionClass}
                type="monotone"
                dataKey={`cr:${c.actionClass}`}
                name={visibleText(c.actionClass)}
                stroke={COLOURS[i]}
                dot={{ r: 2 }}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure aria-label={`Median wait for a human over time ${per}`} data-chart="wait">
        <figcaption>Median wait for a human, {per}</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="bucket" fontSize={11} />
            <YAxis tickFormatter={(v: number) => duration(v * 60_000)} fontSize={11} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? duration(v * 60_000) : '–')} />
            <Legend />
            {top.map((c, i) => (
              <Line
                key={c.actionClass}
                type="monotone"
                dataKey={`w:${c.actionClass}`}
                name={visibleText(c.actionClass)}
                stroke={COLOURS[i]}
                dot={{ r: 2 }}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure aria-label={`Volume by lane ${per}`} data-chart="volume">
        <figcaption>Volume by lane, {per}</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <AreaChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="bucket" fontSize={11} />
            <YAxis fontSize={11} />
            <Tooltip />
            <Legend />
            {series.volumeByLane.map((l) => (
              <Area
                key={l.control}
                type="monotone"
                dataKey={l.control}
                stackId="v"
                stroke={LANE_COLOURS[l.control]}
                fill={LANE_COLOURS[l.control]}
                fillOpacity={0.35}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
