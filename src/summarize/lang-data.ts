/**
 * Small per-language word lists for the heuristics: function words (language vote, term
 * filtering) and the signal words that pick the "Why it matters" and "What to watch" points.
 */

const words = (list: string): ReadonlySet<string> => new Set(list.split(' '));

/** Frequent function words, chosen to be distinctive between the seven languages. */
export const STOPWORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: words('the and of to is was that with for it on are this be by have from which were has not but they he she his her said will would been an'),
  de: words('der die und das ist nicht ein eine mit den dem sich auch auf für von zu im es wird sie werden wurde noch nach bei aus hat oder über'),
  fr: words('le la les et des est une du dans que qui pour pas sur au avec ce sont il elle aux plus par nous vous cette été mais ou'),
  es: words('el los las y del que en una por con para es se su al lo como más pero sus fue está ha este esta también entre sobre sin muy'),
  it: words('il lo gli e di che è per una della del con non sono nel alla anche come più ma dei delle questo questa essere stato ha hanno degli sul'),
  pt: words('o os as e do da dos das que em um uma para com não no na por mais se foi é ao mas seu sua são pelo pela também'),
  nl: words('de het een en van is dat op te zijn niet met voor die er als aan ook maar bij om wordt werd naar hij zij dit heeft nog worden'),
};

export interface SignalWords {
  /** Consequence or significance: "because", "could", "largest"… */
  why: readonly string[];
  /** Forward-looking: "will", "plans", "is set to"… */
  watch: readonly string[];
  /** Weaker forward hints, used only when no sentence has a `watch` word: weekdays, "tomorrow"… */
  when: readonly string[];
}

/** Signal words per language; phrases match whole words, case-insensitively. */
export const SIGNALS: Readonly<Record<string, SignalWords>> = {
  en: {
    why: ['because', 'means', 'meaning', 'could', 'would', 'might', 'impact', 'first', 'largest', 'biggest', 'record', 'risk', 'risks', 'expected', 'significant', 'significantly', 'affect', 'affects', 'affected', 'important', 'major', 'threat', 'consequences', 'concern', 'concerns', 'warned', 'warns'],
    watch: ['will', "won't", 'plans', 'planned', 'plan to', 'expected to', 'next', 'later', 'deadline', 'vote', 'decision', 'due', 'upcoming', 'is set to', 'are set to', 'scheduled', 'soon', 'coming weeks', 'coming months', 'awaits', 'pending', 'hearing'],
    when: ['tomorrow', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'this week', 'this month', 'this year'],
  },
  de: {
    why: ['weil', 'bedeutet', 'könnte', 'könnten', 'würde', 'würden', 'auswirkungen', 'erste', 'erstmals', 'größte', 'größten', 'risiko', 'erwartet', 'erheblich', 'betrifft', 'wichtig', 'warnt', 'warnte'],
    watch: ['wird', 'werden', 'plant', 'soll', 'sollen', 'nächste', 'nächsten', 'später', 'frist', 'abstimmung', 'entscheidung', 'bevorstehend', 'geplant'],
    when: ['morgen', 'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag'],
  },
  fr: {
    why: ['parce que', 'car', 'signifie', 'pourrait', 'pourraient', 'impact', 'premier', 'première', 'plus grand', 'risque', 'important', 'importante', 'affecte', 'menace'],
    watch: ['va', 'vont', 'prévoit', 'prévu', 'prévue', 'devrait', 'devraient', 'prochain', 'prochaine', 'plus tard', 'échéance', 'vote', 'décision', 'doit'],
    when: ['demain', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  },
  es: {
    why: ['porque', 'significa', 'podría', 'podrían', 'impacto', 'primer', 'primera', 'mayor', 'riesgo', 'importante', 'afecta', 'amenaza'],
    watch: ['va a', 'van a', 'prevé', 'previsto', 'prevista', 'próximo', 'próxima', 'más tarde', 'plazo', 'votación', 'decisión', 'deberá'],
    when: ['mañana', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'],
  },
  zh: {
    why: ['因为', '意味着', '可能', '影响', '首次', '最大', '风险', '重要', '导致'],
    watch: ['将', '计划', '预计', '下周', '明年', '即将', '截止', '投票', '决定', '未来', '下个月'],
    when: ['明天', '周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  },
  ja: {
    why: ['ため', '意味', '可能性', '影響', '初めて', '最大', 'リスク', '重要'],
    watch: ['予定', '見通し', '来週', '来月', '来年', '今後', '方針', '投票', '決定', '期限'],
    when: ['明日', '月曜', '火曜', '水曜', '木曜', '金曜', '土曜', '日曜'],
  },
};
