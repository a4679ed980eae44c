const WIDTH = 120;
const HEIGHT = 32;
const PAD = 4;

/**
 * Scores (0–100, oldest first) as a small line, the latest one dotted. Drawn by hand: the chart
 * library would bring its whole chunk to the member's home for one line. `label` is its text
 * alternative (the scores in words).
 */
export function SkillSparkline({ scores, label }: { scores: number[]; label: string }) {
  const x = (i: number) => (scores.length === 1 ? WIDTH / 2 : PAD + (i / (scores.length - 1)) * (WIDTH - 2 * PAD));
  const y = (score: number) => PAD + (1 - Math.min(100, Math.max(0, score)) / 100) * (HEIGHT - 2 * PAD);
  const last = scores.length - 1;
  return (
    <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} data-testid="skill-sparkline" style={{ flexShrink: 0, overflow: 'visible' }}>
      <line x1={PAD} x2={WIDTH - PAD} y1={y(50)} y2={y(50)} stroke="var(--mantine-color-default-border)" strokeDasharray="2 3" />
      {scores.length > 1 ? (
        <polyline
          points={scores.map((s, i) => `${x(i)},${y(s)}`).join(' ')}
          fill="none"
          stroke="var(--mantine-color-grape-6)"
          strokeWidth={2}
          strokeLinejoin="round"
          strokeLinecap="round"
        />
      ) : null}
      <circle cx={x(last)} cy={y(scores[last] ?? 0)} r={3.5} fill="var(--mantine-color-grape-6)" />
    </svg>
  );
}
