import { Badge, Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { Finding, Severity } from '../../core/checker';
import { pick, type Lang } from '../../core/message';
import { presentFindings } from '../../core/present';
import type { Strings } from '../strings';

const useStyles = makeStyles({
  group: { marginTop: tokens.spacingVerticalS },
  list: { listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { borderLeft: `3px solid ${tokens.colorNeutralStroke1}`, paddingLeft: tokens.spacingHorizontalS },
  error: { borderLeftColor: tokens.colorPaletteRedBorder2 },
  warning: { borderLeftColor: tokens.colorPaletteDarkOrangeBorder2 },
  info: { borderLeftColor: tokens.colorNeutralStroke1 },
  meta: { color: tokens.colorNeutralForeground3, display: 'block', overflowWrap: 'anywhere' },
});

const ICON: Record<Severity, string> = { error: '✖', warning: '⚠', info: 'ℹ' };

interface Props {
  findings: Finding[];
  s: Strings;
  lang: Lang;
  /** Selects a finding's cells in the sheet; absent where there is no sheet to select in (the standalone page). */
  onSelect?: (cells: string[]) => void;
}

const FIRST = 8;

/** Findings as a person reads them: grouped and merged (core/present.ts), each with its cells. */
export function Findings({ findings, s, lang, onSelect }: Props) {
  const styles = useStyles();
  const groups: Severity[] = ['error', 'warning', 'info'];
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const shown = presentFindings(findings);
  const cellList = (cells: string[]) => `${cells.slice(0, 4).join(lang === 'zh' ? '、' : ', ')}${cells.length > 4 ? '…' : ''}`;
  return (
    <div>
      {groups.map((sev) => {
        const list = shown.filter((f) => f.severity === sev);
        if (list.length === 0) return null;
        const title = { error: s.error, warning: s.warning, info: s.info }[sev];
        return (
          <section key={sev} className={styles.group} aria-label={lang === 'zh' ? `${title}（${list.length}）` : `${title} (${list.length})`}>
            <Text as="h3" weight="semibold">
              {ICON[sev]} {title}{' '}
              <Badge appearance="tint" color={sev === 'error' ? 'danger' : sev === 'warning' ? 'warning' : 'informative'}>
                {list.length}
              </Badge>
            </Text>
            <ul className={styles.list}>
              {(open[sev] ? list : list.slice(0, FIRST)).map((f, i) => (
                <li key={`${f.rules.join('+')}-${i}`} className={`${styles.item} ${styles[sev]}`} data-rule={f.rules[0]} data-rules={f.rules.join(' ')}>
                  <Text>{pick(f.message, lang)}</Text>
                  {f.cells.length > 0 && (
                    <Text size={200} className={styles.meta}>
                      {lang === 'zh' ? `单元格 ${cellList(f.cells)}` : `Cells ${cellList(f.cells)}`}
                    </Text>
                  )}
                  {onSelect && f.cells.length > 0 && (
                    <Button appearance="subtle" onClick={() => onSelect(f.cells)} aria-label={`${s.showCells}${lang === 'zh' ? '：' : ': '}${cellList(f.cells)}`}>
                      {s.showCells}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
            {list.length > FIRST && (
              <Button appearance="transparent" onClick={() => setOpen({ ...open, [sev]: !open[sev] })} aria-expanded={!!open[sev]}>
                {open[sev] ? s.showFewer : s.showAll(list.length)}
              </Button>
            )}
          </section>
        );
      })}
    </div>
  );
}
