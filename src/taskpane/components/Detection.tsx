import { Button, Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { Plan } from '../../core/plan';
import type { Strings } from '../strings';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXXS },
  key: { color: tokens.colorNeutralForeground3 },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', marginTop: tokens.spacingVerticalS },
});

interface Props {
  plan: Plan;
  s: Strings;
  headerRow?: number;
  onHeaderRow: (row: number | undefined) => void;
}

export function Detection({ plan, s, headerRow, onHeaderRow }: Props) {
  const styles = useStyles();
  const [draft, setDraft] = useState(headerRow ? String(headerRow) : '');
  const mode = { pair: s.modePair, hours: s.modeHours, weekly: s.modeWeekly }[plan.semesterMode];
  const c = plan.columns;
  const rows: [string, string][] = [
    [s.sheet, plan.sheet],
    [s.headerRows, `${plan.headerRows[0] + 1}–${plan.headerRows[1] + 1}`],
    [s.courses, String(plan.courses.length)],
    [s.semesters, `${plan.semesters.length} (${mode})`],
    [s.weeks, plan.semesters.map((x) => x.weeks).join(' / ')],
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
      <form
        className={styles.row}
        onSubmit={(e) => {
          e.preventDefault();
          const n = Number(draft);
          onHeaderRow(draft.trim() && Number.isInteger(n) && n > 0 ? n : undefined);
        }}
      >
        <Field label={s.headerRowOverride} style={{ flex: 1 }}>
          <Input value={draft} onChange={(_, d) => setDraft(d.value)} inputMode="numeric" />
        </Field>
        <Button type="submit">{s.apply}</Button>
      </form>
    </section>
  );
}
