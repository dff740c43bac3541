import { Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { Strings } from '../strings';

/** Check → Optimize → Review → Apply: where the user is, by number, weight and colour, and aria-current. */
export type StepIndex = 0 | 1 | 2 | 3;

const useStyles = makeStyles({
  list: { display: 'flex', flexWrap: 'wrap', gap: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`, listStyleType: 'none', margin: 0, padding: 0 },
  item: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, color: tokens.colorNeutralForeground2 },
  badge: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    minWidth: '20px',
    height: '20px',
    borderRadius: tokens.borderRadiusCircular,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    fontSize: tokens.fontSizeBase200,
  },
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
  done: { color: tokens.colorNeutralForeground1 },
  current: { color: tokens.colorBrandForeground1, fontWeight: tokens.fontWeightSemibold },
  currentBadge: { backgroundColor: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand, border: `1px solid ${tokens.colorBrandBackground}` },
});

export function Steps({ current, s }: { current: StepIndex; s: Strings }) {
  const styles = useStyles();
  return (
    <nav aria-label={s.stepsLabel}>
      <ol className={styles.list}>
        {s.steps.map((label, i) => {
          const state = i < current ? 'done' : i === current ? 'current' : 'todo';
          return (
            <li key={label} className={mergeClasses(styles.item, state === 'done' && styles.done, state === 'current' && styles.current)} aria-current={state === 'current' ? 'step' : undefined}>
              <span className={mergeClasses(styles.badge, state === 'current' && styles.currentBadge)} aria-hidden="true">
                {state === 'done' ? '✓' : i + 1}
              </span>
              <Text size={200} weight={state === 'current' ? 'semibold' : 'regular'}>
                {label}
                {state === 'done' && <span className={styles.hidden}>{s.stepDone}</span>}
              </Text>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
