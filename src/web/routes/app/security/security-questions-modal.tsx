import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { accountRecoveryApi } from '../../../api/account-recovery.ts';
import type { SecurityAnswer } from '../../../api/account-recovery.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { SECURITY_QUESTION_KEYS, SECURITY_QUESTIONS, SECURITY_QUESTIONS_REQUIRED } from '../../../../shared/security-questions.ts';
import type { SecurityQuestionKey } from '../../../../shared/security-questions.ts';
import { isReauthCancelled, useReauth } from '../reauth/reauth-context.ts';

// securityQuestionsRequest: each answer 2 to 200 characters after trimming.
const MIN_ANSWER_LENGTH = 2;
const MAX_ANSWER_LENGTH = 200;

interface Row {
  question?: SecurityQuestionKey;
  answer?: string;
}

/** The catalogue's wording of a question in the interface's language. */
export function useQuestionText(): (key: SecurityQuestionKey) => string {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  return (key) => SECURITY_QUESTIONS[key][lang];
}

interface SecurityQuestionsModalProps {
  open: boolean;
  /** The questions answered so far (a new set replaces them all). */
  configured: readonly SecurityQuestionKey[];
  onSaved: () => void;
  onCancel: () => void;
}

export function SecurityQuestionsModal({ open, configured, onSaved, onCancel }: SecurityQuestionsModalProps): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={configured.length > 0 ? t('recoveryOptions.questions.replaceTitle') : t('recoveryOptions.questions.setTitle')}
      footer={null}
      onCancel={onCancel}
      mask={{ closable: false }}
      destroyOnHidden
      width={600}
    >
      {open && <QuestionsForm configured={configured} onSaved={onSaved} onCancel={onCancel} />}
    </Modal>
  );
}

function QuestionsForm({ configured, onSaved, onCancel }: Omit<SecurityQuestionsModalProps, 'open'>): React.JSX.Element {
  const { t } = useTranslation();
  const questionText = useQuestionText();
  const withReauth = useReauth();
  const [form] = Form.useForm<{ answers: Row[] }>();
  const rows = Form.useWatch('answers', form) ?? [];
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The questions answered before come first (their answers must be typed again); blanks up to three.
  const initialRows: Row[] = [...configured.map((question) => ({ question })), ...Array.from({ length: SECURITY_QUESTIONS_REQUIRED }, () => ({}))].slice(
    0,
    Math.max(SECURITY_QUESTIONS_REQUIRED, configured.length),
  );

  async function save(values: { answers: Row[] }): Promise<void> {
    const answers: SecurityAnswer[] = values.answers.map((row) => ({ question: row.question as SecurityQuestionKey, answer: (row.answer ?? '').trim() }));
    setSaving(true);
    setError(null);
    try {
      await withReauth(() => accountRecoveryApi.setSecurityQuestions(answers));
      onSaved();
    } catch (caught) {
      if (!isReauthCancelled(caught)) setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form form={form} layout="vertical" requiredMark={false} initialValues={{ answers: initialRows }} onFinish={(values) => void save(values)}>
      <Typography.Paragraph type="secondary">{t('recoveryOptions.questions.formIntro', { count: SECURITY_QUESTIONS_REQUIRED })}</Typography.Paragraph>
      {configured.length > 0 && <Alert type="info" showIcon title={t('recoveryOptions.questions.replaceNote')} style={{ marginBottom: 16 }} />}
      <Form.List name="answers">
        {(fields, { add, remove }) => (
          <>
            <ol className="question-rows">
              {fields.map((field, index) => {
                const takenElsewhere = new Set(rows.filter((_row, other) => other !== index).map((row) => row?.question));
                return (
                  <li key={field.key} className="question-row">
                    {fields.length > SECURITY_QUESTIONS_REQUIRED && (
                      <Button type="link" size="small" danger className="question-row-remove" onClick={() => remove(field.name)}>
                        {t('recoveryOptions.questions.removeRow')}
                      </Button>
                    )}
                    <Form.Item
                      name={[field.name, 'question']}
                      label={t('recoveryOptions.questions.number', { number: index + 1 })}
                      rules={[{ required: true, message: t('recoveryOptions.questions.chooseOne') }]}
                    >
                      <Select<SecurityQuestionKey>
                        showSearch={{ optionFilterProp: 'label' }}
                        placeholder={t('recoveryOptions.questions.choose')}
                        options={SECURITY_QUESTION_KEYS.map((key) => ({ value: key, label: questionText(key), disabled: takenElsewhere.has(key) }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'answer']}
                      label={t('recoveryOptions.questions.answer')}
                      rules={[
                        { required: true, whitespace: true, message: t('validation.required') },
                        { min: MIN_ANSWER_LENGTH, max: MAX_ANSWER_LENGTH, transform: (value: string) => value?.trim(), message: t('recoveryOptions.questions.answerLength', { min: MIN_ANSWER_LENGTH, max: MAX_ANSWER_LENGTH }) },
                      ]}
                    >
                      <Input autoComplete="off" spellCheck={false} maxLength={MAX_ANSWER_LENGTH} />
                    </Form.Item>
                  </li>
                );
              })}
            </ol>
            {fields.length < SECURITY_QUESTION_KEYS.length && (
              <Button type="dashed" block onClick={() => add({})} style={{ marginBottom: 16 }}>
                {t('recoveryOptions.questions.addRow')}
              </Button>
            )}
          </>
        )}
      </Form.List>
      <Typography.Paragraph type="secondary" className="question-hint">
        {t('recoveryOptions.questions.answerHint')}
      </Typography.Paragraph>
      {error !== null && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />}
      <div className="code-form-actions">
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('recoveryOptions.questions.save')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
}
