/** The pane's help, in both languages: what a clerk needs to use it alone (also opened by ?help, the manifest's support link). */
import type { Lang } from '../core/message';

export interface HelpSection {
  title: string;
  lines: string[];
}

export const HELP: Record<Lang, HelpSection[]> = {
  zh: [
    {
      title: '它做什么',
      lines: [
        '读取人才培养方案中的教学进程安排表（整个工作簿：课程表、实践教学表、教学时间表合并为一个方案）。',
        '按国家规定检查：各学期周学时是否超过上限、公共基础课与选修课等占比、总学时、学分与学时、小计与合计。每个问题都指出单元格。',
        '把各课程学时重新分配到各学期，预览后再写回表格。',
      ],
    },
    {
      title: '四步',
      lines: [
        '1. 检查：打开方案后自动检查，先看各学期周学时图和课程比例。“尚未安排学期”的课程很常见，用优化排入即可。',
        '2. 优化：在“优化排课”中填周学时上限、选优化方式，点“开始优化”。规则无法同时满足时，会说明最少要放宽多少。',
        '3. 审阅：看优化前后的周学时、移动了哪些课程及原因；也可用“比较情景”并列比较几个上限或实习安排，再选用一个。',
        '4. 写入：点“写入表格”。只改各学期学时单元格和小计，改动处标黄、冲突处标红并加批注，另附“优化报告”表（比较过情景时还有“情景对比”表）。',
      ],
    },
    {
      title: '恢复与安全',
      lines: [
        '“恢复原表”把上次写入改动的数值、填充色和批注全部恢复（关闭后重新打开也可以）。',
        '工作簿只在本机处理，不会上传到任何地方。',
      ],
    },
    {
      title: '没有 Excel 或使用 WPS',
      lines: [
        '双击离线网页 plan-balancer.html（学校信息中心或教务处提供），在浏览器中打开方案，同样检查、优化、比较情景，最后“下载结果工作簿”，再用 WPS 或 Excel 打开。',
      ],
    },
  ],
  en: [
    {
      title: 'What it does',
      lines: [
        'Reads the teaching-schedule sheet of a talent-training plan (the whole workbook: course tables, practice and calendar sheets combined into one plan).',
        'Checks it against the national rules: weekly load against the cap in every semester, public-basic and elective shares, total hours, credits against hours, sub-totals and totals. Every problem names its cells.',
        'Redistributes course hours over the semesters, shows a preview, then writes them back.',
      ],
    },
    {
      title: 'Four steps',
      lines: [
        '1. Check: the plan is checked as soon as it is open; start with the weekly-load chart and the shares. Courses "not placed in any semester" are common: Optimize places them.',
        '2. Optimize: set the weekly cap and how to optimize under "Optimize the schedule", then click Optimize. When the rules cannot all hold, it says the least that must give.',
        '3. Review: loads before and after, which courses moved and why; "What-if" compares several caps or internship placements side by side, and one is chosen.',
        '4. Apply: click "Write to sheet". Only semester cells and sub-totals change; changed cells turn yellow, conflicts red, each with a note; a report sheet "优化报告" is added (and "情景对比" when scenarios were compared).',
      ],
    },
    {
      title: 'Restore and privacy',
      lines: ['"Restore original" puts back every value, fill and note the last write changed (after closing and reopening, too).', 'Workbooks are processed on this computer and never uploaded.'],
    },
    {
      title: 'Without Excel, or in WPS',
      lines: ['Double-click the offline page plan-balancer.html (from the school IT or academic office): open the plan in the browser, check, optimize, compare, then "Download result workbook" and open it in WPS or Excel.'],
    },
  ],
};
