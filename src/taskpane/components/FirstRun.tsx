import { Button, Card, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { Strings } from '../strings';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

interface Props {
  s: Strings;
  /** Opens the bundled example (a file in the page; a new workbook in Excel). */
  onExample?: () => void;
  exampleLabel: string;
  onHelp: () => void;
  onDismiss: () => void;
}

/** The first screen's short card: what it does, try the example, where the help is. Dismissed once, remembered. */
export function FirstRun({ s, onExample, exampleLabel, onHelp, onDismiss }: Props) {
  const styles = useStyles();
  return (
    <Card className={styles.card} role="region" aria-labelledby="first-run-title">
      <Text as="h2" weight="semibold" size={400} id="first-run-title">
        {s.firstRunTitle}
      </Text>
      <Text>{s.firstRunBody}</Text>
      <div className={styles.actions}>
        {onExample && (
          <Button appearance="primary" onClick={onExample}>
            {exampleLabel}
          </Button>
        )}
        <Button onClick={onHelp}>{s.firstRunHelp}</Button>
        <Button appearance="subtle" onClick={onDismiss}>
          {s.firstRunDismiss}
        </Button>
      </div>
    </Card>
  );
}
