import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { Lang } from '../../core/message';
import { HELP } from '../help';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

export function Help({ lang }: { lang: Lang }) {
  const styles = useStyles();
  return (
    <div>
      {HELP[lang].map((section) => (
        <section key={section.title} aria-label={section.title}>
          <Text as="h3" weight="semibold" block>
            {section.title}
          </Text>
          <ul className={styles.list}>
            {section.lines.map((line) => (
              <li key={line}>
                <Text>{line}</Text>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
