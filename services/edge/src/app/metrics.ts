/** A tiny Prometheus registry: counters, gauges and one latency histogram, text format 0.0.4. */
type Labels = Record<string, string>;

/** The identity of a label set inside one series (names come from code; values need no escaping here). */
function labelKey(labels: Labels): string {
  let key = '';
  for (const name in labels) key += `${name}\u0000${labels[name]}\u0001`;
  return key;
}

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

interface Series {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, { labels: Labels; value: number }>;
}

const BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export class Metrics {
  private readonly series = new Map<string, Series>();
  private readonly gauges = new Map<string, { help: string; read: () => number }>();
  private readonly histogram = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    this.add(name, help, 'counter', labels, by);
  }

  set(name: string, help: string, labels: Labels, value: number): void {
    const series = this.ensure(name, help, 'gauge');
    series.values.set(labelKey(labels), { labels, value });
  }

  /** A gauge read at scrape time (cache sizes, breaker states). */
  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  observeRequest(labels: Labels, seconds: number): void {
    const key = labelKey(labels);
    const entry = this.histogram.get(key) ?? { labels, counts: BUCKETS_SECONDS.map(() => 0), sum: 0, count: 0 };
    BUCKETS_SECONDS.forEach((bound, i) => {
      if (seconds <= bound) entry.counts[i] = (entry.counts[i] ?? 0) + 1;
    });
    entry.sum += seconds;
    entry.count += 1;
    this.histogram.set(key, entry);
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, series] of this.series) {
      lines.push(`# HELP ${name} ${series.help}`, `# TYPE ${name} ${series.type}`);
      for (const { labels, value } of series.values.values()) lines.push(`${name}${labelText(labels)} ${value}`);
    }
    for (const [name, gauge] of this.gauges) lines.push(`# HELP ${name} ${gauge.help}`, `# TYPE ${name} gauge`, `${name} ${gauge.read()}`);
    const h = 'edge_http_request_duration_seconds';
    lines.push(`# HELP ${h} Time from request to response, by route and status class.`, `# TYPE ${h} histogram`);
    for (const { labels, counts, sum, count } of this.histogram.values()) {
      BUCKETS_SECONDS.forEach((bound, i) => lines.push(`${h}_bucket${labelText({ ...labels, le: String(bound) })} ${counts[i] ?? 0}`));
      lines.push(`${h}_bucket${labelText({ ...labels, le: '+Inf' })} ${count}`, `${h}_sum${labelText(labels)} ${sum}`, `${h}_count${labelText(labels)} ${count}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private add(name: string, help: string, type: 'counter' | 'gauge', labels: Labels, by: number): void {
    const series = this.ensure(name, help, type);
    const key = labelKey(labels);
    const current = series.values.get(key);
    series.values.set(key, { labels, value: (current?.value ?? 0) + by });
  }

  private ensure(name: string, help: string, type: 'counter' | 'gauge'): Series {
    let series = this.series.get(name);
    if (!series) {
      series = { help, type, values: new Map() };
      this.series.set(name, series);
    }
    return series;
  }
}
