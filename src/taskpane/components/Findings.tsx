import { Badge, Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { Finding, Severity } from '../../core/checker';
import { pick, type Lang } from '../../core/message';
import type { Strings } from '../strings';

const useStyles = makeStyles({
  group: { marginTop: tokens.spacingVerticalS },
  list: { listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { borderLeft: `3px solid ${tokens.colorNeutralStroke1}`, paddingLeft: tokens.spacingHorizontalS },
  error: { borderLeftColor: tokens.colorPaletteRedBorder2 },
  warning: { borderLeftColor: tokens.colorPaletteDarkOrangeBorder2 },
  info: { borderLeftColor: tokens.colorNeutralStroke1 },
  meta: { color: tokens.colorNeutralForeground3, display: 'block' },
});

const ICON: Record<Severity, string> = { error: '✖', warning: '⚠', info: 'ℹ' };

function fmt(v: number | string | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return v < 1 && v > 0 ? `${(v * 100).toFixed(2)}%` : String(Math.round(v * 100) / 100);
  return v;
}

interface Props {
  findings: Finding[];
  s: Strings;
  lang: Lang;
  onSelect: (cells: string[]) => void;
}

const FIRST = 8;

export function Findings({ findings, s, lang, onSelect }: Props) {
  const styles = useStyles();
  const groups: Severity[] = ['error', 'warning', 'info'];
  const [open, setOpen] = useState<Record<string, boolean>>({});
  return (
    <div>
      {groups.map((sev) => {
        const list = findings.filter((f) => f.severity === sev);
        if (list.length === 0) return null;
        const title = { error: s.error, warning: s.warning, info: s.info }[sev];
        return (
          <section key={sev} className={styles.group} aria-label={`${title} (${list.length})`}>
            <Text as="h3" weight="semibold">
              {ICON[sev]} {title}{' '}
              <Badge appearance="tint" color={sev === 'error' ? 'danger' : sev === 'warning' ? 'warning' : 'informative'}>
                {list.length}
              </Badge>
            </Text>
            <ul className={styles.list}>
              {(open[sev] ? list : list.slice(0, FIRST)).map((f, i) => (
                <li key={`${f.rule}-${i}`} className={`${styles.item} ${styles[sev]}`} data-rule={f.rule}>
                  <Text>{pick(f.message, lang)}</Text>
                  <Text size={200} className={styles.meta}>
                    {f.rule}
                    {f.required !== undefined && ` · ${s.required} ${fmt(f.required)}`}
                    {f.actual !== undefined && ` · ${s.actual} ${fmt(f.actual)}`}
                    {f.cells.length > 0 && ` · ${f.cells.slice(0, 4).join(', ')}${f.cells.length > 4 ? '…' : ''}`}
                  </Text>
                  {f.cells.length > 0 && (
                    <Button size="small" appearance="subtle" onClick={() => onSelect(f.cells)} aria-label={`${s.showCells}: ${f.cells.slice(0, 4).join(', ')}`}>
                      {s.showCells}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
            {list.length > FIRST && (
              <Button size="small" appearance="transparent" onClick={() => setOpen({ ...open, [sev]: !open[sev] })} aria-expanded={!!open[sev]}>
                {open[sev] ? s.showFewer : s.showAll(list.length)}
              </Button>
            )}
          </section>
        );
      })}
    </div>
  );
}
