import { z } from 'zod';
import type { ZodFastifySchemaValidationError } from 'fastify-type-provider-zod';
import { SCHEMA_MESSAGES_ZH_CN } from '../../shared/schemas.ts';
import type { Locale } from '../errors.ts';

const chinese = z.locales.zhCN();
const UNKNOWN_FIELD: Record<Locale, string> = { en: 'unknown field', 'zh-CN': '未知字段' };

/** Per-field messages of a refused request body, in the caller's language (zod's own translations). */
export function validationFields(issues: readonly ZodFastifySchemaValidationError[], locale: Locale): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    if (issue.keyword === 'unrecognized_keys') {
      for (const key of (issue.params as { keys?: string[] }).keys ?? []) fields[key] = UNKNOWN_FIELD[locale];
      continue;
    }
    const name = issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || 'body';
    fields[name] ??= (locale === 'en' ? issue.message : chineseMessage(issue)) ?? 'invalid';
  }
  return fields;
}

function chineseMessage(issue: ZodFastifySchemaValidationError): string | undefined {
  const own = issue.message && SCHEMA_MESSAGES_ZH_CN[issue.message];
  if (own) return own;
  const zodIssue = { ...issue.params, code: issue.keyword, path: [] } as unknown as Parameters<typeof chinese.localeError>[0];
  const message = chinese.localeError(zodIssue);
  const text = typeof message === 'string' ? message : message?.message;
  // The issue does not carry the refused value (it may be a password), so drop the "received" part.
  return text ? text.replace(/，实际接收.*$/, '') : issue.message;
}
