/**
 * 中职 or 高职? Guessed from what the workbook says of itself: its title and notes, the names of its
 * public courses (大学英语 / 毛泽东思想和中国特色社会主义理论体系概论 are 高职; 中国特色社会主义 /
 * 哲学与人生 / 语文 are 中职), hours per credit, total hours and the number of semesters. One course
 * never decides alone: the answer names its evidence so a person can overrule it.
 */

import type { Grid } from './grid';
import { msg } from './message';
import type { Level, LevelGuess, Plan } from './plan';
import { normLabel } from './text';

interface Clue {
  pattern: RegExp;
  level: Level;
  weight: number;
  zh: string;
}

// Names are data: the national public-course lists of each level (see NORMS.md).
const TEXT_CLUES: Clue[] = [
  { pattern: /高职|高等职业|职业技术学院|职业学院|大学|本科|专科|3\+2|三二分段|贯通/, level: 'gaozhi', weight: 3, zh: '标题或说明' },
  { pattern: /中职|中等职业|中专|职业中专|职业高中|技工学校|职教中心|中等专业学校/, level: 'zhongzhi', weight: 3, zh: '标题或说明' },
];

const COURSE_CLUES: Clue[] = [
  { pattern: /^大学(英语|语文|体育|生)|高等数学|高职院校|毛泽东思想和中国特色社会主义理论体系概论|思想道德(与法治|修养与法律基础)|形势与政策|军事理论|军事技能|习近平新时代中国特色社会主义思想概论/, level: 'gaozhi', weight: 1, zh: '课程' },
  { pattern: /^中国特色社会主义$|心理健康与职业生涯|^哲学与人生$|^职业道德与法治$|^语文|^数学|^英语|体育与健康|^历史$|^艺术$/, level: 'zhongzhi', weight: 1, zh: '课程' },
];

export function detectLevel(plan: Plan, grids: Grid[]): LevelGuess {
  const score: Record<Level, number> = { zhongzhi: 0, gaozhi: 0 };
  const evidence: Record<Level, string[]> = { zhongzhi: [], gaozhi: [] };
  const add = (level: Level, weight: number, what: string) => {
    score[level] += weight;
    if (evidence[level].length < 4) evidence[level].push(what);
  };

  // Titles and notes: text cells outside the course rows.
  const courseNames = new Set(plan.courses.map((c) => normLabel(c.name)));
  const seen = new Set<string>();
  for (const g of grids) {
    for (const row of g.cells.slice(0, 2000)) {
      for (const cell of row ?? []) {
        if (!cell || typeof cell.v !== 'string') continue;
        const t = normLabel(cell.v);
        if (t.length < 4 || courseNames.has(t)) continue;
        for (const clue of TEXT_CLUES) {
          const m = clue.pattern.exec(t);
          if (m && !seen.has(clue.level + m[0])) {
            seen.add(clue.level + m[0]);
            add(clue.level, clue.weight, `“${m[0]}”`);
          }
        }
      }
    }
  }
  for (const c of plan.courses) {
    const name = normLabel(c.name);
    for (const clue of COURSE_CLUES) if (clue.pattern.test(name)) add(clue.level, clue.weight, `“${c.name}”`);
  }
  const withCredits = plan.courses.filter((c) => c.credits && c.totalHours && c.credits.value > 0 && !c.isInternship);
  if (withCredits.length >= 5) {
    const per16 = withCredits.filter((c) => Math.abs(c.totalHours!.value - 16 * c.credits!.value) < 1e-6).length;
    const per18 = withCredits.filter((c) => Math.abs(c.totalHours!.value - 18 * c.credits!.value) < 1e-6).length;
    if (per16 > per18 && per16 / withCredits.length >= 0.5) add('gaozhi', 2, '每学分 16 学时');
    if (per18 > per16 && per18 / withCredits.length >= 0.5) add('zhongzhi', 2, '每学分 18 学时');
  }
  if (plan.semesters.length >= 8) add('gaozhi', 2, `${plan.semesters.length} 个学期（贯通培养）`);

  const level: Level = score.gaozhi > score.zhongzhi ? 'gaozhi' : 'zhongzhi';
  const name = level === 'gaozhi' ? msg('高职', 'higher vocational (高职)') : msg('中职', 'secondary vocational (中职)');
  const ev = evidence[level];
  const other = level === 'gaozhi' ? 'zhongzhi' : 'gaozhi';
  const against = evidence[other];
  const reason =
    ev.length === 0
      ? msg('没有判断层次的线索，按中职检查（可在设置中改为高职）。', 'No clue to the level; checked as secondary vocational (中职) — change it in the settings.')
      : msg(
          `按${name.zh}检查：${ev.join('、')}${against.length ? `（另有${against.join('、')}像${other === 'gaozhi' ? '高职' : '中职'}）` : ''}。`,
          `Checked as ${name.en}: ${ev.join(', ')}${against.length ? ` (though ${against.join(', ')} look ${other === 'gaozhi' ? 'higher' : 'secondary'} vocational)` : ''}.`,
        );
  return { level, reason, evidence: ev };
}
