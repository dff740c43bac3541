/** Loads per semester against the cap, and category shares against their minimums, as plain SVG. */
import { Text, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { formatShare, type SemesterLoad, type Share } from '../../core/checker';
import type { Strings } from '../strings';

export interface LoadSeries {
  label: string;
  loads: SemesterLoad[];
  color: string;
}

/** The element's width in CSS pixels, kept up to date: the chart draws at 1:1 so its text stays body-sized. */
function useWidth<T extends HTMLElement>(fallback: number): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(200, Math.round(el.getBoundingClientRect().width)) || fallback);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [fallback]);
  return [ref, width];
}

/** Chart text: the body's size (12 px), never scaled with the pane. */
const FONT = 12;

export function LoadChart({ series, s }: { series: LoadSeries[]; s: Strings }) {
  const [ref, measured] = useWidth<HTMLElement>(300);
  const loads = series[0]?.loads ?? [];
  if (loads.length === 0) return null;
  // Wide panes keep the bars in proportion: at most about 48 px a semester.
  const W = Math.min(measured, 40 + loads.length * 48 * Math.max(1, series.length * 0.75));
  const cap = Math.max(...loads.map((l) => l.cap));
  const top = Math.max(cap, ...series.flatMap((x) => x.loads.map((l) => l.weeklyHours))) * 1.15 || 1;
  const H = 150;
  const pad = { l: 30, b: FONT + 10, t: 8 };
  const slot = (W - pad.l) / loads.length;
  const barW = (slot * 0.7) / series.length;
  const y = (v: number) => H - pad.b - (v / top) * (H - pad.b - pad.t);
  const sep = s.semesterAxis === '学期' ? '；' : '; ';
  const summary = loads.map((l, i) => `${s.semesterN(l.semester)} ${series.map((x) => x.loads[i]?.weeklyHours.toFixed(1)).join(' → ')} ${s.hoursPerWeek}${l.internship ? (sep === '；' ? `（${s.internship}）` : ` (${s.internship})`) : ''}`).join(sep);
  return (
    <figure style={{ margin: 0 }} ref={ref}>
      <Text as="h3" weight="semibold">
        {s.loadsTitle}
      </Text>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} style={{ display: 'block', maxWidth: '100%' }} role="img" aria-label={`${s.loadsTitle}${sep === '；' ? '：' : ': '}${summary}${sep}${s.capLine(cap)}`}>
        {loads.map((l, i) =>
          series.map((x, k) => {
            const v = x.loads[i]?.weeklyHours ?? 0;
            const over = v > l.cap + 1e-9 && !l.internship;
            return (
              <g key={`${i}-${k}`}>
                <rect x={pad.l + i * slot + slot * 0.15 + k * barW} y={y(v)} width={Math.max(1, barW - 1)} height={Math.max(0, H - pad.b - y(v))} fill={over ? tokens.colorPaletteRedBackground3 : x.color} stroke={over ? tokens.colorPaletteRedBorder2 : 'none'} strokeDasharray={over ? '3 2' : undefined}>
                  <title>{`${x.label} ${s.semesterN(l.semester)}${sep === '；' ? '：' : ': '}${v.toFixed(1)} ${s.hoursPerWeek}`}</title>
                </rect>
                {over && (
                  <text x={pad.l + i * slot + slot * 0.15 + k * barW + barW / 2} y={y(v) - 2} fontSize={FONT} textAnchor="middle" fill={tokens.colorPaletteRedForeground1}>
                    !
                  </text>
                )}
              </g>
            );
          }),
        )}
        <line x1={pad.l} x2={W} y1={y(cap)} y2={y(cap)} stroke={tokens.colorNeutralForeground1} strokeDasharray="4 3" />
        <text x={pad.l - 3} y={y(cap) + FONT / 3} fontSize={FONT} textAnchor="end" fill={tokens.colorNeutralForeground1}>
          {cap}
        </text>
        {/* Semesters by number (1 … 10): "第10学期" ten times does not fit a 320 px pane. */}
        {loads.map((l, i) => (
          <text key={i} x={pad.l + i * slot + slot / 2} y={H - 4} fontSize={FONT} textAnchor="middle" fill={tokens.colorNeutralForeground2}>
            {l.semester}
            {l.internship ? '*' : ''}
          </text>
        ))}
        <text x={0} y={H - 4} fontSize={FONT} fill={tokens.colorNeutralForeground2}>
          {s.semesterAxis}
        </text>
      </svg>
      <figcaption>
        <Text size={200}>
          {series.length > 1 &&
            series.map((x) => (
              <span key={x.label} style={{ marginRight: 8, whiteSpace: 'nowrap' }}>
                <span style={{ display: 'inline-block', width: 10, height: 10, background: x.color, marginRight: 4 }} aria-hidden />
                {x.label}
              </span>
            ))}
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
                <Text size={200}>{s.shareNotCheckable(name)}</Text>
              </li>
            );
          const ok = x.share >= x.min - 1e-9;
          return (
            <li key={x.key} style={{ marginBottom: 4 }}>
              <Text size={200}>{s.shareLine(name, formatShare(x.share, x.min), formatShare(x.min), ok)}</Text>
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
