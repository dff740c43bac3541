import { Checkbox, Text, makeStyles, tokens } from '@fluentui/react-components';
import { pick, type Lang } from '../../core/message';
import type { SheetInfo } from '../../core/plan';
import type { Strings } from '../strings';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  why: { color: tokens.colorNeutralForeground3, marginLeft: '28px', overflowWrap: 'anywhere' },
});

interface Props {
  sheets: SheetInfo[];
  s: Strings;
  lang: Lang;
  /** Sheets a person can leave out or take back: everything but unusable ones. */
  onToggle: (sheet: string, include: boolean) => void;
}

/** Which sheets make the plan and what each was taken as; a person can leave one out. */
export function Sheets({ sheets, s, lang, onToggle }: Props) {
  const styles = useStyles();
  return (
    <section aria-labelledby="sheets-title">
      <Text as="h3" weight="semibold" size={300} id="sheets-title">
        {s.sheetsTitle}
      </Text>
      <ul className={styles.list}>
        {sheets.map((info) => {
          const counted = info.role === 'courses' || info.role === 'practice' || info.role === 'calendar' || info.role === 'summary';
          const toggleable = counted || info.role === 'excluded';
          return (
            <li key={info.sheet} className={styles.item}>
              {toggleable ? (
                <Checkbox
                  checked={info.role !== 'excluded'}
                  aria-label={s.includeSheet(info.sheet)}
                  label={`${info.sheet} — ${s.sheetRoles[info.role]}`}
                  onChange={(_, d) => onToggle(info.sheet, d.checked === true)}
                />
              ) : (
                <Text style={{ marginLeft: '28px' }}>{`${info.sheet} — ${s.sheetRoles[info.role]}`}</Text>
              )}
              <Text size={200} className={styles.why}>
                {pick(info.why, lang)}
              </Text>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
