import { Button, ProgressBar, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import type { Lang } from '../../core/message';
import type { SummaryRow } from '../../core/review';
import type { PresetId, Rules } from '../../core/rules';
import type { Strings } from '../strings';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  table: { fontSize: tokens.fontSizeBase200, tableLayout: 'auto' },
  name: { maxWidth: '9em', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  num: { textAlign: 'right', paddingLeft: '2px', paddingRight: '2px', whiteSpace: 'nowrap' },
  bad: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

type Review = typeof import('../../xlsx/browser/review');

/**
 * Many plans at once (an academic office before submission): several .xlsx files chosen, each read and
 * checked in the browser under the pane's rules, one compact row per plan, and the same summary workbook
 * `check --summary` writes.
 */
export function OtherWorkbooks({ s, lang, rulesFor }: { s: Strings; lang: Lang; rulesFor: (level?: PresetId) => Rules }) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [reviewed, setReviewed] = useState<Awaited<ReturnType<Review['reviewFiles']>> | null>(null);
  const rows = reviewed?.rows ?? null;
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const review = useRef<Review | null>(null);
  const load = async () => (review.current ??= await import(/* webpackChunkName: "xlsx" */ '../../xlsx/browser/review'));

  const run = async (files: File[]) => {
    // Every file chosen is a row: one that is not a workbook says so rather than vanishing.
    const xlsx = files;
    if (!xlsx.length) return;
    setReviewed(null);
    setProgress({ done: 0, total: xlsx.length });
    const r = await load();
    const out = await r.reviewFiles(
      xlsx,
      rulesFor,
      lang,
      (done) => setProgress({ done, total: xlsx.length }),
    );
    setReviewed(out);
    setProgress(null);
  };

  const failing = (r: SummaryRow) =>
    r.error
      ? s.reviewUnreadable
      : [
          ...(Object.keys(s.reviewFailing) as (keyof SummaryRow['failing'])[]).filter((k) => r.failing[k]).map((k) => s.reviewFailing[k]),
          // A plan can fail on more than its figures: the other kinds of error, with their counts.
          ...r.otherErrors,
        ].join(lang === 'zh' ? '、' : ', ');

  return (
    <div className={styles.root}>
      <Text size={200}>{s.reviewHint}</Text>
      <input
        ref={input}
        type="file"
        multiple
        accept=".xlsx,.xlsm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel.sheet.macroEnabled.12"
        hidden
        data-testid="review-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          void run(files);
        }}
      />
      <div>
        <Button onClick={() => input.current?.click()} disabled={!!progress}>
          {s.reviewOpen}
        </Button>
      </div>
      {progress && <ProgressBar value={progress.done / progress.total} aria-label={s.reviewProgress(progress.done, progress.total)} />}
      {progress && <Text size={200} aria-live="polite">{s.reviewProgress(progress.done, progress.total)}</Text>}
      {rows && (
        <div role="region" aria-label={s.reviewTitle} tabIndex={0} style={{ overflowX: 'auto' }}>
          <Text block size={300} weight="semibold" aria-live="polite">
            {s.reviewSummary(rows.length, rows.filter((r) => (r.errors ?? 0) > 0).length, rows.filter((r) => r.error).length)}
          </Text>
          <Table size="extra-small" className={styles.table} aria-label={s.reviewTitle}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{s.reviewFile}</TableHeaderCell>
                <TableHeaderCell className={styles.num}>{s.reviewErrors}</TableHeaderCell>
                <TableHeaderCell className={styles.num} title={s.reviewMaxTitle}>
                  {s.reviewMax}
                </TableHeaderCell>
                <TableHeaderCell>{s.reviewFailingTitle}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.file} data-review={r.file}>
                  <TableCell className={styles.name} title={[r.file, r.error ?? r.firstProblems[0]].filter(Boolean).join('\n')}>
                    {r.file}
                  </TableCell>
                  <TableCell className={`${styles.num} ${(r.errors ?? 0) > 0 || r.error ? styles.bad : ''}`}>{r.error ? '✗' : (r.errors ?? 0) > 0 ? `✖ ${r.errors}` : '✓ 0'}</TableCell>
                  <TableCell className={`${styles.num} ${r.failing.load ? styles.bad : ''}`}>{r.largestLoad === null ? '—' : `${r.failing.load ? '✗ ' : ''}${r.largestLoad}`}</TableCell>
                  <TableCell>{failing(r)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Button size="small" onClick={() => void load().then((r) => r.downloadSummary(reviewed!, lang, s.reviewFileName))}>
            {s.reviewDownload}
          </Button>
        </div>
      )}
    </div>
  );
}
