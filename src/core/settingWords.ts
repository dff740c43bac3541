/**
 * Settings as a core message names them: in words, as the pane labels them. The core never writes an
 * option name (--total-slack) into what a person reads in the pane, the report sheet or a note; a face
 * that has its own names for the settings (the command line's options) adds them in its own output.
 */
import { msg, type Lang, type Message } from './message';

export type SettingName = 'totalSlack' | 'rebalance';

export const SETTING_WORDS: Record<SettingName, Message> = {
  totalSlack: msg('“总学时可调整”设置', 'the "totals may move" setting'),
  rebalance: msg('“调整已有安排”方式', 'the "rebalance" mode'),
};

/** A core sentence with a face's own name for each setting it names after the words (“总学时可调整”设置（--total-slack）). */
export function withSettingNames(text: string, lang: Lang, names: Record<SettingName, string>): string {
  let out = text;
  for (const key of Object.keys(SETTING_WORDS) as SettingName[]) {
    const words = SETTING_WORDS[key][lang];
    out = out.split(words).join(lang === 'zh' ? `${words}（${names[key]}）` : `${words} (${names[key]})`);
  }
  return out;
}
