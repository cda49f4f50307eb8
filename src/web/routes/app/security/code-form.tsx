import { useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { isReauthCancelled } from '../reauth/reauth-context.ts';

// Wrong or stale codes belong under the field; anything else above the button.
const FIELD_ERRORS = new Set(['mfa_code_invalid', 'mfa_code_expired', 'validation_failed']);

interface CodeFormProps {
  label: string;
  /** Digits only (authenticator and sent codes); recovery codes have letters. */
  numeric?: boolean;
  submitText: string;
  onSubmit: (code: string) => Promise<void>;
  /** Extra actions beside the submit button (resend, back). */
  extra?: ReactNode;
  autoFocus?: boolean;
}

/** One code field and a button; the server's verdict shows under the field. */
export function CodeForm({ label, numeric = true, submitText, onSubmit, extra, autoFocus = true }: CodeFormProps): React.JSX.Element {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ code: string }>();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  async function onFinish({ code }: { code: string }): Promise<void> {
    setSubmitting(true);
    setError(null);
    try {
      await onSubmit(numeric ? code.replace(/\s/g, '') : code.trim());
    } catch (caught) {
      if (isReauthCancelled(caught)) return;
      if (caught instanceof ApiError && FIELD_ERRORS.has(caught.code)) {
        form.setFields([{ name: 'code', errors: [errorMessage(caught)] }]);
      } else {
        setError(caught);
      }
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => void onFinish(values)}>
      <Form.Item name="code" label={label} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input
          className={numeric ? 'code-input' : undefined}
          inputMode={numeric ? 'numeric' : 'text'}
          autoComplete={numeric ? 'one-time-code' : 'off'}
          autoCapitalize="none"
          spellCheck={false}
          maxLength={numeric ? 12 : 64}
          autoFocus={autoFocus}
          size="large"
        />
      </Form.Item>
      {error !== null && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />}
      <div className="code-form-actions">
        <Button type="primary" htmlType="submit" loading={submitting}>
          {submitText}
        </Button>
        {extra}
      </div>
    </Form>
  );
}
