import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, Modal, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { adminRecoveryApi } from '../../../api/account-recovery.ts';
import type { ApproveRecovery, ApproveRecoveryAnswer, RecoveryRequest } from '../../../api/account-recovery.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { isReauthCancelled, useReauth } from '../reauth/reauth-context.ts';

// rejectRecoveryRequest: the reason is 1 to 500 characters.
const MAX_REASON_LENGTH = 500;

export interface ApproveValues {
  action: ApproveRecovery['action'];
  sendTo: string;
  resetMFA: boolean;
}

type Account = NonNullable<RecoveryRequest['user']>;

interface ApproveModalProps {
  request: RecoveryRequest | null;
  onApproved: (request: RecoveryRequest, values: ApproveValues, answer: ApproveRecoveryAnswer) => void;
  onCancel: () => void;
}

/**
 * Approving lets someone into an account, so the dialog first says what protects it: the
 * administrator checks the person's identity outside Cairn (in person with an ID card or
 * passport, or by calling back a number already known). Then a reset link or a temporary password.
 */
export function ApproveRequestModal({ request, onApproved, onCancel }: ApproveModalProps): React.JSX.Element {
  const { t } = useTranslation();
  const account = request?.user ?? null;
  return (
    <Modal
      open={request !== null}
      title={account !== null ? t('recoveryRequests.approve.title', { name: account.name }) : ''}
      footer={null}
      onCancel={onCancel}
      mask={{ closable: false }}
      destroyOnHidden
      width={580}
      // Tall: starts higher so the buttons stay in view on a laptop screen.
      style={{ top: 40 }}
    >
      {request !== null && account !== null && (
        <ApproveForm request={request} account={account} onApproved={(values, answer) => onApproved(request, values, answer)} onCancel={onCancel} />
      )}
    </Modal>
  );
}

interface ApproveFormProps {
  request: RecoveryRequest;
  account: Account;
  onApproved: (values: ApproveValues, answer: ApproveRecoveryAnswer) => void;
  onCancel: () => void;
}

function ApproveForm({ request, account, onApproved, onCancel }: ApproveFormProps): React.JSX.Element {
  const { t } = useTranslation();
  const withReauth = useReauth();
  const [form] = Form.useForm<ApproveValues>();
  const action = Form.useWatch('action', form) ?? 'reset_link';
  const sendTo = Form.useWatch('sendTo', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function approve(values: ApproveValues): Promise<void> {
    const body: ApproveRecovery =
      values.action === 'reset_link'
        ? { action: 'reset_link', sendTo: values.sendTo.trim(), resetMFA: values.resetMFA }
        : { action: 'temporary_password', resetMFA: values.resetMFA };
    setSaving(true);
    setError(null);
    try {
      // Approving needs a fresh proof (403 reauth_required); it continues after it.
      const answer = await withReauth(() => adminRecoveryApi.approve(request.id, body));
      onApproved(values, answer);
    } catch (caught) {
      if (!isReauthCancelled(caught)) setError(caught);
      setSaving(false);
    }
  }

  // A link to an address the account does not have is how an impostor would ask for it; the server refuses it.
  const otherAddress =
    action === 'reset_link' && typeof sendTo === 'string' && sendTo.trim() !== '' && sendTo.trim().toLowerCase() !== account.email.toLowerCase();

  return (
    <Form<ApproveValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ action: 'reset_link', sendTo: account.email, resetMFA: false }}
      onFinish={(values) => void approve(values)}
    >
      <Alert
        type="warning"
        showIcon
        className="verify-identity"
        title={t('recoveryRequests.approve.verifyTitle')}
        description={t('recoveryRequests.approve.verifyBody')}
      />
      <dl className="approve-account">
        <dt>{t('recoveryRequests.fields.account')}</dt>
        <dd>
          <Typography.Text strong>{account.name}</Typography.Text> · {account.email}
        </dd>
      </dl>
      <Form.Item name="action" label={t('recoveryRequests.approve.how')}>
        <Radio.Group className="policy-modes">
          {(['reset_link', 'temporary_password'] as const).map((value) => (
            <Radio key={value} value={value} className="policy-mode">
              <span className="policy-mode-name">{t(`recoveryRequests.approve.actions.${value}`)}</span>
              <span className="policy-mode-detail">{t(`recoveryRequests.approve.actionDetails.${value}`)}</span>
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      {action === 'reset_link' && (
        <Form.Item
          name="sendTo"
          label={t('recoveryRequests.approve.sendTo')}
          extra={t('recoveryRequests.approve.sendToHint')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { type: 'email', message: t('validation.email') },
          ]}
        >
          <Input type="email" autoComplete="off" spellCheck={false} />
        </Form.Item>
      )}
      {otherAddress && <Alert type="error" showIcon title={t('recoveryRequests.approve.otherAddress')} className="other-address" />}
      <Form.Item name="resetMFA" valuePropName="checked" extra={t('recoveryRequests.approve.resetMFAHint')}>
        <Checkbox>{t('recoveryRequests.approve.resetMFA')}</Checkbox>
      </Form.Item>
      {error !== null && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />}
      <div className="modal-actions">
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={saving}>
          {action === 'temporary_password' ? t('recoveryRequests.approve.okPassword') : t('recoveryRequests.approve.okLink')}
        </Button>
      </div>
    </Form>
  );
}

interface RejectModalProps {
  request: RecoveryRequest | null;
  onRejected: (request: RecoveryRequest) => void;
  onCancel: () => void;
}

export function RejectRequestModal({ request, onRejected, onCancel }: RejectModalProps): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Modal
      open={request !== null}
      title={request !== null ? t('recoveryRequests.reject.title', { identifier: request.identifier }) : ''}
      footer={null}
      onCancel={onCancel}
      mask={{ closable: false }}
      destroyOnHidden
      width={520}
    >
      {request !== null && <RejectForm request={request} onRejected={() => onRejected(request)} onCancel={onCancel} />}
    </Modal>
  );
}

function RejectForm({ request, onRejected, onCancel }: { request: RecoveryRequest; onRejected: () => void; onCancel: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const withReauth = useReauth();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function reject({ reason }: { reason: string }): Promise<void> {
    setSaving(true);
    setError(null);
    try {
      await withReauth(() => adminRecoveryApi.reject(request.id, reason.trim()));
      onRejected();
    } catch (caught) {
      if (!isReauthCancelled(caught)) setError(caught);
      setSaving(false);
    }
  }

  return (
    <Form layout="vertical" requiredMark={false} onFinish={(values: { reason: string }) => void reject(values)}>
      <Typography.Paragraph type="secondary">
        {request.user !== null ? t('recoveryRequests.reject.intro') : t('recoveryRequests.reject.introNoAccount')}
      </Typography.Paragraph>
      <Form.Item name="reason" label={t('recoveryRequests.reject.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input.TextArea rows={3} maxLength={MAX_REASON_LENGTH} showCount placeholder={t('recoveryRequests.reject.placeholder')} autoFocus />
      </Form.Item>
      {error !== null && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />}
      <div className="modal-actions">
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" danger htmlType="submit" loading={saving}>
          {t('recoveryRequests.reject.ok')}
        </Button>
      </div>
    </Form>
  );
}
