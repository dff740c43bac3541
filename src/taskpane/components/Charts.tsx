/** Loads per semester against the cap, and category shares against their minimums, as plain SVG. */
import { Text, tokens } from '@fluentui/react-components';
import { formatShare, type SemesterLoad, type Share } from '../../core/checker';
import type { Strings } from '../strings';

export interface LoadSeries {
  label: string;
  loads: SemesterLoad[];
  color: string;
}

export function LoadChart({ series, s }: { series: LoadSeries[]; s: Strings }) {
  const loads = series[0]?.loads ?? [];
  if (loads.length === 0) return null;
  const cap = Math.max(...loads.map((l) => l.cap));
  const top = Math.max(cap, ...series.flatMap((x) => x.loads.map((l) => l.weeklyHours))) * 1.15 || 1;
  const W = 300;
  const H = 140;
  const pad = { l: 28, b: 20, t: 8 };
  const slot = (W - pad.l) / loads.length;
  const barW = (slot * 0.7) / series.length;
  const y = (v: number) => H - pad.b - (v / top) * (H - pad.b - pad.t);
  const summary = loads.map((l, i) => `${s.semesterN(l.semester)} ${series.map((x) => x.loads[i]?.weeklyHours.toFixed(1)).join(' → ')} ${s.hoursPerWeek}${l.internship ? ` (${s.internship})` : ''}`).join('; ');
  return (
    <figure style={{ margin: 0 }}>
      <Text as="h3" weight="semibold">
        {s.loadsTitle}
      </Text>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${s.loadsTitle}: ${summary}; ${s.capLine(cap)}`}>
        {loads.map((l, i) =>
          series.map((x, k) => {
            const v = x.loads[i]?.weeklyHours ?? 0;
            const over = v > l.cap + 1e-9 && !l.internship;
            return (
              <g key={`${i}-${k}`}>
                <rect x={pad.l + i * slot + slot * 0.15 + k * barW} y={y(v)} width={barW - 1} height={Math.max(0, H - pad.b - y(v))} fill={over ? tokens.colorPaletteRedBackground3 : x.color} stroke={over ? tokens.colorPaletteRedBorder2 : 'none'} strokeDasharray={over ? '3 2' : undefined}>
                  <title>{`${x.label} ${s.semesterN(l.semester)}: ${v.toFixed(1)} ${s.hoursPerWeek}`}</title>
                </rect>
                {over && (
                  <text x={pad.l + i * slot + slot * 0.15 + k * barW + barW / 2} y={y(v) - 2} fontSize="9" textAnchor="middle" fill={tokens.colorPaletteRedForeground1}>
                    !
                  </text>
                )}
              </g>
            );
          }),
        )}
        <line x1={pad.l} x2={W} y1={y(cap)} y2={y(cap)} stroke={tokens.colorNeutralForeground1} strokeDasharray="4 3" />
        <text x={pad.l - 2} y={y(cap) + 3} fontSize="9" textAnchor="end" fill={tokens.colorNeutralForeground1}>
          {cap}
        </text>
        {loads.map((l, i) => (
          <text key={i} x={pad.l + i * slot + slot / 2} y={H - 6} fontSize="9" textAnchor="middle" fill={tokens.colorNeutralForeground2}>
            {s.semesterN(l.semester)}
            {l.internship ? '*' : ''}
          </text>
        ))}
      </svg>
      <figcaption>
        <Text size={200}>
          {series.length > 1 && series.map((x) => <span key={x.label} style={{ marginRight: 8 }}><span style={{ display: 'inline-block', width: 10, height: 10, background: x.color, marginRight: 4 }} aria-hidden />{x.label}</span>)}
          {`— ${s.capLine(cap)}${loads.some((l) => l.internship) ? ` · * ${s.internship}` : ''}`}
        </Text>
      </figcaption>
    </figure>
  );
}

export function ShareChart({ shares, s }: { shares: Share[]; s: Strings }) {
  return (
    <figure style={{ margin: 0 }}>
      <Text as="h3" weight="semibold">
        {s.sharesTitle}
      </Text>
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {shares.map((x) => {
          const name = s.shareNames[x.key];
          if (x.share === null)
            return (
              <li key={x.key}>
                <Text size={200}>{`${name}: ${s.notCheckable}`}</Text>
              </li>
            );
          const ok = x.share >= x.min - 1e-9;
          const pctText = formatShare(x.share, x.min);
          return (
            <li key={x.key} style={{ marginBottom: 4 }}>
              <Text size={200}>{`${ok ? '✓' : '✗'} ${name} ${pctText} (${s.min} ${formatShare(x.min)}, ${ok ? s.passed : s.failed})`}</Text>
              <svg viewBox="0 0 100 8" width="100%" height="8" preserveAspectRatio="none" aria-hidden>
                <rect x="0" y="0" width="100" height="8" fill={tokens.colorNeutralBackground3} />
                <rect x="0" y="0" width={Math.min(100, x.share * 100)} height="8" fill={ok ? tokens.colorPaletteGreenBackground3 : tokens.colorPaletteRedBackground3} />
                <line x1={x.min * 100} x2={x.min * 100} y1="0" y2="8" stroke={tokens.colorNeutralForeground1} strokeWidth="0.8" />
              </svg>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
