/** Every user-facing sentence the core produces, in both languages the product speaks. */
export interface Message {
  zh: string;
  en: string;
}

export type Lang = 'zh' | 'en';

export function msg(zh: string, en: string): Message {
  return { zh, en };
}

export function pick(m: Message, lang: Lang): string {
  return lang === 'en' ? m.en : m.zh;
}

/** Chooses the language from an Office/BCP-47 tag: en-* gets English, everything else Chinese. */
export function langFromLocale(locale: string | undefined | null): Lang {
  return locale && /^en\b/i.test(locale) ? 'en' : 'zh';
}
