import { i18n } from '../../../i18n/i18n.ts';

/** The codes as a text file: a short header naming the account and the date, then one code a line. */
export function recoveryCodesText(codes: readonly string[], email: string, createdAt: Date): string {
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeStyle: 'short' }).format(createdAt);
  const header = [
    i18n.t('recoveryCodes.fileTitle'),
    i18n.t('recoveryCodes.fileAccount', { email }),
    i18n.t('recoveryCodes.fileDate', { date }),
    i18n.t('recoveryCodes.fileNote'),
  ];
  return `${[...header, '', ...codes].join('\n')}\n`;
}

export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next turn: the download has started by then.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}
