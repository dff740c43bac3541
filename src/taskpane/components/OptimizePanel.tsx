import { Button, Checkbox, Field, Input, Select, MessageBar, MessageBarBody, Radio, RadioGroup, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { pick, type Lang } from '../../core/message';
import { MODE_HELP, MODE_NAMES, OPTIMIZE_MODES, type OptimizeMode, type OptimizeResult } from '../../core/optimizer';
import { scenariosAlong, type Scenario, type ScenarioAxis } from '../../core/scenario';
import type { Strings } from '../strings';
import type { PaneOptimizeSettings, useOptimizer } from '../useOptimizer';
import { LoadChart } from './Charts';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  problem: { color: tokens.colorPaletteRedForeground1 },
  help: { display: 'block', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  // The course name takes the room; semester columns are as narrow as their numbers.
  table: { fontSize: tokens.fontSizeBase200, tableLayout: 'auto' },
  name: { width: '40%', maxWidth: '10em', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  num: { textAlign: 'right', paddingLeft: '2px', paddingRight: '2px', whiteSpace: 'nowrap' },
});

interface Props {
  s: Strings;
  lang: Lang;
  opt: ReturnType<typeof useOptimizer>;
  canDownload: boolean;
  /** The mode the plan calls for (rebalance for a placed plan, keep otherwise). */
  initialMode: OptimizeMode;
  onRun: (settings: PaneOptimizeSettings) => void;
  /** The plan's semester count (what-if internship semesters are checked against it). */
  semesters: number;
  /** What-if: the same settings under each scenario, compared. */
  onCompare: (settings: PaneOptimizeSettings, scenarios: Scenario[]) => void;
  onDownload: () => void;
}

export function OptimizePanel({ s, lang, opt, canDownload, initialMode, semesters, onRun, onCompare, onDownload }: Props) {
  const styles = useStyles();
  const [mode, setMode] = useState<OptimizeMode>(initialMode);
  const [timeLimit, setTimeLimit] = useState('30');
  const [maxSpan, setMaxSpan] = useState('4');
  const [totalSlack, setTotalSlack] = useState('0');
  // What-if varies one thing: caps "28, 30, 34", internship semesters "4, 5+6", or two or three modes.
  const [axis, setAxis] = useState<ScenarioAxis>('cap');
  const [axisText, setAxisText] = useState<Record<'cap' | 'internship', string>>({ cap: '28, 30, 34', internship: semesters >= 6 ? `${semesters - 2}, ${semesters - 1}+${semesters}` : `${semesters - 1}, ${semesters}` });
  const [modes, setModes] = useState<OptimizeMode[]>(['keep', 'rebalance']);
  const what = scenariosAlong(axis, axis === 'mode' ? '' : axisText[axis], semesters, modes);
  const settingsNow = (): PaneOptimizeSettings => ({ mode, timeLimitSec: clampNumber(timeLimit, 1, 600, 30), maxSpan: clampNumber(maxSpan, 1, 12, 4), totalSlack: clampNumber(totalSlack, 0, 360, 0) });
  const running = opt.phase === 'running';
  return (
    <section aria-labelledby="optimize-title">
      <Text as="h2" weight="semibold" size={400} id="optimize-title">
        {s.optimizeTitle}
      </Text>
      <Field label={s.modeLabel}>
        <RadioGroup value={mode} onChange={(_, d) => setMode(d.value as OptimizeMode)} disabled={running}>
          {OPTIMIZE_MODES.map((m) => (
            <Radio
              key={m}
              value={m}
              label={
                <>
                  {pick(MODE_NAMES[m], lang)}
                  <span className={styles.help}>{pick(MODE_HELP[m], lang)}</span>
                </>
              }
            />
          ))}
        </RadioGroup>
      </Field>
      <div className={styles.row}>
        <Field label={s.timeLimit}>
          <Input value={timeLimit} onChange={(_, d) => setTimeLimit(d.value)} inputMode="numeric" disabled={running} style={{ width: 80 }} />
        </Field>
        <Field label={s.maxSpan}>
          <Input value={maxSpan} onChange={(_, d) => setMaxSpan(d.value)} inputMode="numeric" disabled={running} style={{ width: 80 }} />
        </Field>
        <Field label={s.totalSlack}>
          <Input value={totalSlack} onChange={(_, d) => setTotalSlack(d.value)} inputMode="numeric" disabled={running} style={{ width: 80 }} />
        </Field>
        {running ? (
          <Button onClick={opt.cancel}>{s.cancel}</Button>
        ) : (
          <Button appearance="primary" onClick={() => onRun(settingsNow())} disabled={opt.phase === 'applying'}>
            {s.run}
          </Button>
        )}
      </div>
      <div className={styles.row}>
        <Field label={s.whatIfAxis}>
          <Select value={axis} onChange={(_, d) => setAxis(d.value as ScenarioAxis)} disabled={running}>
            <option value="cap">{s.whatIfAxes.cap}</option>
            <option value="internship">{s.whatIfAxes.internship}</option>
            <option value="mode">{s.whatIfAxes.mode}</option>
          </Select>
        </Field>
        {axis === 'mode' ? (
          // A group, not a Field: a Field gives its one control id to every checkbox inside it.
          <div role="group" aria-labelledby="what-if-modes" aria-describedby={what.problem ? 'what-if-modes-problem' : undefined}>
            <Text id="what-if-modes" block size={300}>
              {s.whatIfModes}
            </Text>
            <div className={styles.row}>
              {OPTIMIZE_MODES.map((m) => (
                <Checkbox
                  key={m}
                  label={pick(MODE_NAMES[m], lang)}
                  checked={modes.includes(m)}
                  disabled={running}
                  onChange={(_, d) => setModes((list) => (d.checked ? OPTIMIZE_MODES.filter((x) => x === m || list.includes(x)) : list.filter((x) => x !== m)))}
                />
              ))}
            </div>
            {what.problem && (
              <Text id="what-if-modes-problem" block size={200} className={styles.problem}>
                {pick(what.problem, lang)}
              </Text>
            )}
          </div>
        ) : (
          <Field label={axis === 'cap' ? s.whatIfCaps : s.whatIfInternship} validationState={what.problem ? 'error' : 'none'} validationMessage={what.problem ? pick(what.problem, lang) : undefined}>
            <Input value={axisText[axis]} onChange={(_, d) => setAxisText((t) => ({ ...t, [axis]: d.value }))} disabled={running} style={{ width: 140 }} />
          </Field>
        )}
        <Button onClick={() => what.scenarios && onCompare(settingsNow(), what.scenarios)} disabled={running || !what.scenarios || opt.phase === 'applying'}>
          {s.whatIfRun}
        </Button>
      </div>
      {running && <Spinner size="small" label={s.solving(opt.elapsed)} aria-live="polite" />}
      {opt.scenarios && (opt.phase === 'compared' || opt.phase === 'preview') && <Scenarios s={s} lang={lang} runs={opt.scenarios} chosen={opt.result} onChoose={opt.choose} />}
      {opt.phase === 'cancelled' && (
        <MessageBar intent="info">
          <MessageBarBody>{s.cancelled}</MessageBarBody>
        </MessageBar>
      )}
      {opt.error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{lang === 'en' ? opt.error.en : opt.error.zh}</MessageBarBody>
        </MessageBar>
      )}
      {opt.restored && (
        <MessageBar intent="success">
          <MessageBarBody>{s.restored}</MessageBarBody>
        </MessageBar>
      )}
      {opt.result && (opt.phase === 'preview' || opt.phase === 'applying' || opt.phase === 'applied') && <Preview s={s} lang={lang} result={opt.result} />}
      {opt.phase === 'preview' && (
        <div className={styles.row}>
          <Button appearance="primary" onClick={() => opt.apply()}>
            {s.applyToSheet}
          </Button>
        </div>
      )}
      {opt.phase === 'applying' && <Spinner size="small" label={s.applying} />}
      {opt.phase === 'applied' && opt.report && (
        <>
          <MessageBar intent="success" role="status">
            <MessageBarBody>
              {s.applied(opt.report.cells, opt.report.marks)}
              {s.notesFallback[opt.report.notes]} {opt.report.undoGroup ? s.undoHint : ''}
            </MessageBarBody>
          </MessageBar>
          <div className={styles.row}>
            {canDownload && (
              <Button appearance="primary" onClick={onDownload}>
                {s.download}
              </Button>
            )}
            <Button onClick={opt.restore}>{s.restore}</Button>
          </div>
        </>
      )}
    </section>
  );
}

/** What-if scenarios side by side: loads, shares, moves, conflicts; one is chosen for preview and apply. */
function Scenarios({ s, lang, runs, chosen, onChoose }: { s: Strings; lang: Lang; runs: NonNullable<ReturnType<typeof useOptimizer>['scenarios']>; chosen: OptimizeResult | null; onChoose: (i: number) => void }) {
  const styles = useStyles();
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
  return (
    <div tabIndex={0} role="region" aria-label={s.whatIfTitle} style={{ overflowX: 'auto' }}>
      <Text weight="semibold" block>
        {s.whatIfTitle}
      </Text>
      <Table size="extra-small" className={styles.table} aria-label={s.whatIfTitle}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.num} title={axisOf(runs[0].scenario) === 'cap' ? s.weeklyCap : undefined}>
              {s.whatIfAxisShort[axisOf(runs[0].scenario)]}
            </TableHeaderCell>
            <TableHeaderCell className={styles.num}>{s.whatIfMax}</TableHeaderCell>
            <TableHeaderCell className={styles.num}>{s.whatIfElective}</TableHeaderCell>
            <TableHeaderCell className={styles.num}>{s.whatIfMoved}</TableHeaderCell>
            <TableHeaderCell className={styles.num}>{s.whatIfConflicts}</TableHeaderCell>
            <TableHeaderCell />
          </TableRow>
        </TableHeader>
        <TableBody>
          {runs.map((r, i) => (
            <TableRow key={r.label} data-scenario={r.label} aria-selected={chosen === r.result}>
              <TableCell className={styles.num}>{r.scenario.mode ? pick(MODE_NAMES[r.scenario.mode], lang) : r.label}</TableCell>
              <TableCell className={styles.num}>{r.line.largestLoad}</TableCell>
              <TableCell className={styles.num}>{pct(r.line.shares.find((x) => x.key === 'elective')?.share)}</TableCell>
              <TableCell className={styles.num}>{r.line.moved + r.line.placed}</TableCell>
              <TableCell className={styles.num}>{r.line.conflicts === 0 ? '✓ 0' : `✗ ${r.line.conflicts}`}</TableCell>
              <TableCell>
                <Button size="small" appearance={chosen === r.result ? 'primary' : 'secondary'} onClick={() => onChoose(i)} aria-label={s.whatIfChooseLabel(axisOf(r.scenario), r.scenario.mode ? pick(MODE_NAMES[r.scenario.mode], lang) : r.label)}>
                  {chosen === r.result ? s.whatIfChosen : s.whatIfChoose}
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Text size={200} block>
        {s.whatIfHint}
      </Text>
    </div>
  );
}

const axisOf = (sc: Scenario): ScenarioAxis => (sc.mode ? 'mode' : sc.internship ? 'internship' : 'cap');

/** Moved, chosen ("X or Y") and newly placed courses told apart by a mark, not by colour alone. */
const KIND_MARK: Record<OptimizeResult['changes'][number]['kind'], string> = { moved: '↔', chosen: '◐', placed: '＋' };

/** "+72" for a new placement, "−72" for a removed one, "36→72" for a change; colour is never the only signal. */
function cellChange(before: number, after: number): string {
  if (before === after) return after ? String(after) : '';
  if (!before) return `+${after}`;
  if (!after) return `−${before}`;
  return `${before}→${after}`;
}

function clampNumber(v: string, min: number, max: number, fallback: number): number {
  const n = Number(v);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function Preview({ s, lang, result }: { s: Strings; lang: Lang; result: OptimizeResult }) {
  const styles = useStyles();
  const status = { optimal: s.statusOptimal, feasible: s.statusFeasible, relaxed: s.statusRelaxed, failed: s.statusFailed }[result.status];
  const toLoads = (lines: OptimizeResult['loads']) => lines.map((l) => ({ semester: l.semester, weeks: 0, hours: 0, weeklyHours: l.weeklyHours, cap: l.cap, internship: !l.teaching }));
  return (
    <div aria-label={s.preview}>
      <Text weight="semibold" block>
        {s.preview}
      </Text>
      <MessageBar intent={result.status === 'optimal' ? 'success' : result.status === 'relaxed' ? 'warning' : 'info'}>
        <MessageBarBody>
          {status} · {s.solverUsed(result.solver, result.seconds)}
        </MessageBarBody>
      </MessageBar>
      <LoadChart
        s={s}
        series={[
          { label: s.before, loads: toLoads(result.before), color: tokens.colorNeutralBackground5 },
          { label: s.after, loads: toLoads(result.loads), color: tokens.colorBrandBackground },
        ]}
      />
      {result.conflicts.length > 0 && (
        <>
          <Text as="h3" weight="semibold">
            {s.conflictsTitle}
          </Text>
          <ul className={styles.list}>
            {result.conflicts.map((c, i) => (
              <li key={i} data-conflict={c.rule}>
                <Text>⚠ {pick(c.fix, lang)}</Text>
              </li>
            ))}
            {result.tradeoffs.map((t, i) => (
              <li key={`t${i}`}>
                <Text weight="semibold">⇄ {pick(t, lang)}</Text>
              </li>
            ))}
          </ul>
        </>
      )}
      {result.notes.map((n, i) => (
        <Text key={i} block size={200}>
          ℹ {pick(n, lang)}
        </Text>
      ))}
      <Text as="h3" weight="semibold">
        {s.changesTitle(result.changes.length)}
      </Text>
      <Text block size={200}>
        {s.changeKinds(result.changes.filter((c) => c.kind === 'moved').length, result.changes.filter((c) => c.kind === 'chosen').length, result.changes.filter((c) => c.kind === 'placed').length)}
      </Text>
      {result.changes.some((c) => c.kind === 'moved') && (
        <ul className={styles.list} aria-label={s.movedWhy}>
          {result.changes
            .filter((c) => c.kind === 'moved')
            .map((c) => (
              <li key={c.row}>
                <Text size={200}>
                  ↔ {c.name}：{pick(c.reason, lang)}
                </Text>
              </li>
            ))}
        </ul>
      )}
      <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={s.changesTitle(result.changes.length)}>
        <Table size="extra-small" className={styles.table} aria-label={s.changesTitle(result.changes.length)}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{s.course}</TableHeaderCell>
              {result.loads.map((l) => (
                <TableHeaderCell key={l.semester} className={styles.num} title={s.semesterN(l.semester)} aria-label={s.semesterN(l.semester)}>
                  {l.semester}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {result.changes.map((c) => (
              <TableRow key={c.row} data-kind={c.kind}>
                <TableCell className={styles.name} title={`${c.name} — ${pick(c.reason, lang)}`}>
                  {KIND_MARK[c.kind]} {c.name}
                </TableCell>
                {c.after.map((h, i) => (
                  <TableCell key={i} className={styles.num}>
                    {cellChange(c.before[i], h)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
