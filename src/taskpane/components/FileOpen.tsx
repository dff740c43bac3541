import { Button, Text, makeStyles, shorthands, tokens } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import type { Strings } from '../strings';

const useStyles = makeStyles({
  drop: {
    ...shorthands.border('2px', 'dashed', tokens.colorNeutralStroke1),
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingVerticalL,
    textAlign: 'center',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    alignItems: 'center',
  },
  active: { ...shorthands.borderColor(tokens.colorBrandStroke1), backgroundColor: tokens.colorBrandBackground2 },
});

export function FileOpen({ s, onFile, fileName }: { s: Strings; onFile: (f: File) => void; fileName?: string }) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  return (
    <div
      className={`${styles.drop} ${over ? styles.active : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (f) onFile(f);
      }}
    >
      <Text>{s.standaloneIntro}</Text>
      <input
        ref={input}
        type="file"
        accept=".xlsx,.xlsm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel.sheet.macroEnabled.12"
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onFile(f);
          e.target.value = '';
        }}
      />
      <Button appearance="primary" onClick={() => input.current?.click()}>
        {s.openFile}
      </Button>
      <Text size={200}>{fileName ?? s.dropHere}</Text>
    </div>
  );
}
