import { Field, Input, Radio, RadioGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { pick, type Lang } from '../../core/message';
import { PRESET_NAMES, PRESETS, type Rules } from '../../core/rules';
import type { PaneSettings } from '../settings';
import type { Strings } from '../strings';

const useStyles = makeStyles({
  fields: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', alignItems: 'end', gap: tokens.spacingHorizontalS },
  // A pane is 320–500 px: inputs shrink with their column; long labels wrap rather than widen it.
  input: { minWidth: 0, width: '100%' },
  field: { minWidth: 0 },
});

interface Props {
  settings: PaneSettings;
  rules: Rules;
  s: Strings;
  lang: Lang;
  onChange: (next: PaneSettings) => void;
}

type NumberField = { key: string; label: string; get: (r: Rules) => string; set: (v: string) => Partial<Rules> | null };

const list = (v: string) => v.split(/[,，、\s]+/).filter(Boolean).map(Number);
const pct = (x: number) => String(Math.round(x * 10000) / 100);

export function RulesForm({ settings, rules, s, lang, onChange }: Props) {
  const styles = useStyles();
  const fields: NumberField[] = [
    // The weekly cap is set beside 开始优化 (OptimizePanel), where it matters most.
    { key: 'weeksPerSemester', label: s.weeksPerSemester, get: (r) => (Array.isArray(r.weeksPerSemester) ? r.weeksPerSemester.join(',') : String(r.weeksPerSemester)), set: (v) => { const n = list(v); return n.length && n.every((x) => x > 0) ? { weeksPerSemester: n.length === 1 ? n[0] : n } : null; } },
    { key: 'courseWeeks', label: s.courseWeeks, get: (r) => (Array.isArray(r.courseWeeks) ? r.courseWeeks.join(',') : String(r.courseWeeks)), set: (v) => { const n = list(v); return n.length && n.every((x) => x >= 0 && x <= 30) ? { courseWeeks: n.length === 1 ? n[0] : n } : null; } },
    { key: 'totalHoursMin', label: s.totalHoursMin, get: (r) => String(r.totalHoursMin), set: (v) => (Number(v) >= 0 ? { totalHoursMin: Number(v) } : null) },
    { key: 'internship', label: s.internshipSemesters, get: (r) => r.internship.semesters.join(','), set: (v) => { const n = list(v); return n.every((x) => Number.isInteger(x) && x > 0) ? { internship: { ...rules.internship, semesters: n } } : null; } },
    { key: 'publicBasicMin', label: s.publicBasicMin, get: (r) => pct(r.shares.publicBasicMin), set: (v) => (Number(v) >= 0 && Number(v) <= 100 ? { shares: { ...rules.shares, publicBasicMin: Number(v) / 100 } } : null) },
    { key: 'electiveMin', label: s.electiveMin, get: (r) => pct(r.shares.electiveMin), set: (v) => (Number(v) >= 0 && Number(v) <= 100 ? { shares: { ...rules.shares, electiveMin: Number(v) / 100 } } : null) },
    { key: 'practiceMin', label: s.practiceMin, get: (r) => pct(r.shares.practiceMin), set: (v) => (Number(v) >= 0 && Number(v) <= 100 ? { shares: { ...rules.shares, practiceMin: Number(v) / 100 } } : null) },
    { key: 'hoursPerCredit', label: s.hoursPerCredit, get: (r) => (r.hoursPerCredit.min === r.hoursPerCredit.max ? String(r.hoursPerCredit.min) : `${r.hoursPerCredit.min}-${r.hoursPerCredit.max}`), set: (v) => { const n = v.split(/[-–~～]/).map(Number); const [a, b] = [n[0], n[1] ?? n[0]]; return a > 0 && b >= a ? { hoursPerCredit: { min: a, max: b } } : null; } },
  ];
  return (
    <section aria-labelledby="rules-title">
      <Text as="h2" weight="semibold" size={400} id="rules-title">
        {s.rules}
      </Text>
      <Field label={s.preset}>
        <RadioGroup value={settings.preset} onChange={(_, d) => onChange({ ...settings, preset: d.value === 'gaozhi' || d.value === 'zhongzhi' ? d.value : 'auto', overrides: {} })}>
          <Radio value="auto" label={`${s.presetAuto}${lang === 'zh' ? '：' : ': '}${pick(PRESET_NAMES[rules.preset], lang)}`} />
          {(Object.keys(PRESETS) as (keyof typeof PRESETS)[]).map((id) => (
            <Radio key={id} value={id} label={pick(PRESET_NAMES[id], lang)} />
          ))}
        </RadioGroup>
      </Field>
      <div className={styles.fields}>
        {fields.map((f) => (
          <RuleInput key={`${settings.preset}-${f.key}`} field={f} rules={rules} onCommit={(patch) => onChange({ ...settings, overrides: { ...settings.overrides, ...patch } })} />
        ))}
      </div>
    </section>
  );
}

function RuleInput({ field, rules, onCommit }: { field: NumberField; rules: Rules; onCommit: (patch: Partial<Rules>) => void }) {
  const current = field.get(rules);
  const [value, setValue] = useState(current);
  const [invalid, setInvalid] = useState(false);
  const styles = useStyles();
  useEffect(() => setValue(current), [current]);
  const commit = () => {
    const patch = field.set(value.trim());
    setInvalid(!patch);
    if (patch && value.trim() !== current) onCommit(patch);
  };
  return (
    <Field className={styles.field} label={field.label} validationState={invalid ? 'error' : 'none'} validationMessage={invalid ? '✗' : undefined}>
      <Input className={styles.input} value={value} onChange={(_, d) => setValue(d.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
    </Field>
  );
}
