// Compare scheduling. On one Ollama server, models sharing a GPU would be swapped in and out of
// memory if asked at once, which makes the timings meaningless: they run one after another.
// Different servers run at the same time. "Run at once" overrides.

export interface CompareTarget {
  serverId: string;
  model: string;
}

/** The lane key of models run in this page: they share one engine, so they always take turns. */
const IN_PAGE = '\u0000in-page';

/**
 * Groups targets into lanes: lanes run in parallel, the targets of a lane one after another.
 * Models in the page (`isInPage`) share one lane whatever "Run at once" says.
 */
export function lanes<T extends CompareTarget>(
  targets: T[],
  runAtOnce: boolean,
  isInPage: (t: T) => boolean = () => false,
): T[][] {
  const byServer = new Map<string, T[]>();
  for (const [i, t] of targets.entries()) {
    const key = isInPage(t) ? IN_PAGE : runAtOnce ? `\u0001${i}` : t.serverId;
    const lane = byServer.get(key);
    if (lane) lane.push(t);
    else byServer.set(key, [t]);
  }
  return [...byServer.values()];
}

/** Runs every lane at once, each lane's jobs in order; resolves when all are done. */
export async function runLanes<T>(laneList: T[][], job: (item: T) => Promise<void>): Promise<void> {
  await Promise.all(
    laneList.map(async (lane) => {
      for (const item of lane) await job(item);
    }),
  );
}

export interface CompareFigures {
  model: string;
  server: string;
  loadMs?: number;
  ttftMs?: number;
  tokensPerSecond?: number;
  tokens?: number;
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined ? '–' : n.toFixed(digits));

/** The comparison as a Markdown table, for the clipboard or a file. */
export function compareTable(rows: CompareFigures[], headers: string[]): string {
  const lines = [
    `| ${headers.join(' | ')} |`,
    `|${headers.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`,
  ];
  for (const r of rows) {
    const cells = [r.model, r.server, fmt(r.loadMs), fmt(r.ttftMs), fmt(r.tokensPerSecond, 1), fmt(r.tokens)];
    lines.push(`| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}
