import { Button, Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { pick, type Lang } from '../../core/message';
import type { Plan } from '../../core/plan';
import type { Strings } from '../strings';
import { Sheets } from './Sheets';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXXS },
  key: { color: tokens.colorNeutralForeground3 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'end', marginTop: tokens.spacingVerticalS },
  // A pane is 320–500 px: inputs shrink with it rather than push it sideways.
  input: { minWidth: 0, width: '100%' },
  column: { width: '64px', minWidth: 0 },
});

export interface DetectionOverride {
  headerRow?: number;
  name?: string;
  totalHours?: string;
  credits?: string;
  practiceHours?: string;
}

interface Props {
  plan: Plan;
  s: Strings;
  lang: Lang;
  override: DetectionOverride;
  onOverride: (o: DetectionOverride) => void;
  /** Leave a sheet out of the plan, or take it back. */
  onToggleSheet: (sheet: string, include: boolean) => void;
}

const LETTERS = /^[A-Za-z]{1,3}$/;

export function Detection({ plan, s, lang, override, onOverride, onToggleSheet }: Props) {
  const styles = useStyles();
  const [draft, setDraft] = useState(override.headerRow ? String(override.headerRow) : '');
  const [cols, setCols] = useState({ name: override.name ?? '', totalHours: override.totalHours ?? '', credits: override.credits ?? '', practiceHours: override.practiceHours ?? '' });
  const [invalid, setInvalid] = useState(false);
  const mode = { pair: s.modePair, hours: s.modeHours, weekly: s.modeWeekly }[plan.semesterMode];
  const c = plan.columns;
  const rows: [string, string][] = [
    [s.sheet, plan.sheet],
    [s.headerRows, `${plan.headerRows[0] + 1}–${plan.headerRows[1] + 1}`],
    [s.courses, String(plan.courses.length)],
    [s.semesters, lang === 'zh' ? `${plan.semesters.length}（${mode}）` : `${plan.semesters.length} (${mode})`],
    [s.weeks, plan.semesters.map((x) => (x.courseWeeks !== undefined ? (lang === 'zh' ? `${x.weeks}（${x.courseWeeks}）` : `${x.weeks} (${x.courseWeeks})`) : String(x.weeks))).join(' / ')],
    ...(plan.level ? ([[s.level, pick(plan.level.reason, lang)]] as [string, string][]) : []),
    [s.nameColumn, c.name],
    [s.hoursColumn, c.totalHours ?? s.notFound],
    [s.creditsColumn, c.credits ?? s.notFound],
    [s.practiceColumn, c.practiceHours ?? s.notFound],
    [s.categoryColumns, c.category.join(', ') || s.notFound],
  ];
  return (
    <section aria-labelledby="detected-title">
      <Text as="h2" weight="semibold" size={400} id="detected-title">
        {s.detected}
      </Text>
      <dl className={styles.grid}>
        {rows.map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt className={styles.key}>{k}</dt>
            <dd style={{ margin: 0 }}>{v}</dd>
          </div>
        ))}
      </dl>
      {plan.sheets && plan.sheets.length > 1 && <Sheets sheets={plan.sheets} s={s} lang={lang} onToggle={onToggleSheet} />}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const n = Number(draft);
          const bad = (draft.trim() && !(Number.isInteger(n) && n > 0)) || Object.values(cols).some((v) => v.trim() && !LETTERS.test(v.trim()));
          setInvalid(!!bad);
          if (bad) return;
          const up = (v: string) => (v.trim() ? v.trim().toUpperCase() : undefined);
          onOverride({ headerRow: draft.trim() ? n : undefined, name: up(cols.name), totalHours: up(cols.totalHours), credits: up(cols.credits), practiceHours: up(cols.practiceHours) });
        }}
      >
        <div className={styles.row}>
          <Field label={s.headerRowOverride} style={{ flex: 1 }} validationState={invalid ? 'error' : 'none'} validationMessage={invalid ? s.overrideInvalid : undefined}>
            <Input className={styles.input} value={draft} onChange={(_, d) => setDraft(d.value)} inputMode="numeric" />
          </Field>
        </div>
        <div className={styles.row}>
          {(['name', 'totalHours', 'credits', 'practiceHours'] as const).map((k) => (
            <Field key={k} label={{ name: s.nameColumn, totalHours: s.hoursColumn, credits: s.creditsColumn, practiceHours: s.practiceColumn }[k]} className={styles.column}>
              <Input className={styles.input} value={cols[k]} placeholder={{ name: plan.columns.name, totalHours: plan.columns.totalHours, credits: plan.columns.credits, practiceHours: plan.columns.practiceHours }[k] ?? '—'} onChange={(_, d) => setCols({ ...cols, [k]: d.value })} />
            </Field>
          ))}
          <Button type="submit">{s.apply}</Button>
        </div>
      </form>
    </section>
  );
}
