/**
 * The security-question catalogue. Questions are chosen from it (never free text), so they can
 * be shown in either language and an unknown identifier can be asked plausible ones.
 */
export const SECURITY_QUESTIONS = {
  first_school: { en: 'What was the name of your first school?', 'zh-CN': '您就读的第一所学校叫什么名字？' },
  childhood_friend: { en: 'What was the name of your best childhood friend?', 'zh-CN': '您童年最好的朋友叫什么名字？' },
  first_pet: { en: 'What was the name of your first pet?', 'zh-CN': '您的第一只宠物叫什么名字？' },
  birth_city: { en: 'In which city were you born?', 'zh-CN': '您出生在哪个城市？' },
  first_job_company: { en: 'What was the name of the company of your first job?', 'zh-CN': '您第一份工作所在的公司叫什么名字？' },
  favourite_teacher: { en: 'What was the name of your favourite teacher?', 'zh-CN': '您最喜欢的老师叫什么名字？' },
  first_street: { en: 'On which street did you live as a child?', 'zh-CN': '您小时候住在哪条街道？' },
  parents_meet_city: { en: 'In which city did your parents meet?', 'zh-CN': '您的父母在哪个城市相识？' },
} as const;

export type SecurityQuestionKey = keyof typeof SECURITY_QUESTIONS;
export const SECURITY_QUESTION_KEYS = Object.keys(SECURITY_QUESTIONS) as [SecurityQuestionKey, ...SecurityQuestionKey[]];
/** A person sets at least this many; recovery asks this many of them. */
export const SECURITY_QUESTIONS_REQUIRED = 3;
