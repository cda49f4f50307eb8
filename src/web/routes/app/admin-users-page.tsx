import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Modal, Result, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { adminApi, ROLES } from '../../api/endpoints.ts';
import type { AdminUser, CreatedUser, Role } from '../../api/endpoints.ts';
import { errorMessage } from '../../api/error-message.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { MFAMethodTags } from './admin/mfa-method-tags.tsx';
import { TemporaryPasswordModal } from './admin/temporary-password-modal.tsx';
import { UserActions } from './admin/user-actions.tsx';
import { useMe } from './me-context.ts';
import { useDateFormat, useTimeFormat } from './use-date-format.ts';

const USERS_QUERY_KEY = ['admin', 'users'] as const;

interface NewUserValues {
  name: string;
  email: string;
  username?: string;
  role: Role;
}

export function AdminUsersPage(): React.JSX.Element {
  const { t } = useTranslation();
  useDocumentTitle(t('titles.adminUsers'));
  const { user } = useMe();
  if (user.role !== 'admin') return <Result status="403" title="403" subTitle={t('errors.forbidden')} />;
  return <UsersList />;
}

function UsersList(): React.JSX.Element {
  const { t } = useTranslation();
  const formatDay = useDateFormat({ dateOnly: true });
  const formatTime = useTimeFormat();
  const formatDate = useDateFormat();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: USERS_QUERY_KEY, queryFn: adminApi.listUsers });
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedUser | null>(null);

  const columns: TableColumnsType<AdminUser> = [
    {
      title: t('admin.columns.name'),
      key: 'name',
      fixed: 'left',
      render: (_value, row) => (
        <div className="user-name-cell">
          <Typography.Text strong>{row.name}</Typography.Text>
          {row.username !== null && (
            <Typography.Text type="secondary" title={t('admin.columns.username')}>
              {row.username}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: t('admin.columns.email'), dataIndex: 'email' },
    { title: t('admin.columns.role'), dataIndex: 'role', render: (role: Role) => t(`roles.${role}`) },
    {
      title: t('admin.columns.status'),
      key: 'status',
      width: 140,
      render: (_value, row) => (
        <Space size={[4, 4]} wrap>
          <Tag color={row.status === 'active' ? 'green' : 'default'}>{t(`admin.status.${row.status}`)}</Tag>
          {row.lockedAt !== null && (
            <Tooltip title={t('userActions.lockedSince', { date: formatDate(row.lockedAt) })}>
              <Tag color="red">{t('userActions.locked')}</Tag>
            </Tooltip>
          )}
          {row.passwordChangeRequired && <Tag color="orange">{t('admin.mustChangePassword')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('admin.columns.mfa'),
      dataIndex: 'mfaMethods',
      width: 150,
      render: (methods: AdminUser['mfaMethods']) => <MFAMethodTags methods={methods} />,
    },
    {
      title: t('admin.columns.createdAt'),
      dataIndex: 'createdAt',
      render: (createdAt: number) => formatDay(createdAt),
    },
    {
      title: t('admin.columns.lastSignInAt'),
      dataIndex: 'lastSignInAt',
      render: (lastSignInAt: number | null) =>
        lastSignInAt === null ? (
          <Typography.Text type="secondary">{t('admin.neverSignedIn')}</Typography.Text>
        ) : (
          <div className="date-cell">
            <span>{formatDay(lastSignInAt)}</span>
            <Typography.Text type="secondary">{formatTime(lastSignInAt)}</Typography.Text>
          </div>
        ),
    },
    {
      title: t('admin.columns.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_value, row) => <UserActions user={row} queryKey={USERS_QUERY_KEY} />,
    },
  ];

  return (
    <>
      <div className="app-page-head">
        <div>
          <Typography.Title level={2}>{t('admin.usersHeading')}</Typography.Title>
          <p>{t('admin.usersIntro')}</p>
        </div>
        <Button type="primary" onClick={() => setAdding(true)}>
          {t('admin.addUser')}
        </Button>
      </div>
      <Card styles={{ body: { padding: 0 } }}>
        {users.isError ? (
          <Result status="error" title={t('admin.loadFailed')} subTitle={errorMessage(users.error)} />
        ) : (
          <Table<AdminUser>
            rowKey="id"
            columns={columns}
            dataSource={users.data?.data ?? []}
            loading={users.isPending}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('admin.empty') }}
          />
        )}
      </Card>
      <AddUserModal
        open={adding}
        onCancel={() => setAdding(false)}
        onCreated={(result) => {
          setAdding(false);
          setCreated(result);
        }}
      />
      <TemporaryPasswordModal
        kind="initial"
        issued={
          created && {
            name: created.user.name,
            signInName: created.user.username ?? created.user.email,
            temporaryPassword: created.temporaryPassword,
            temporaryPasswordExpiresAt: created.temporaryPasswordExpiresAt,
          }
        }
        onClose={() => {
          setCreated(null);
          void queryClient.invalidateQueries({ queryKey: USERS_QUERY_KEY });
        }}
      />
    </>
  );
}

function AddUserModal({
  open,
  onCancel,
  onCreated,
}: {
  open: boolean;
  onCancel: () => void;
  onCreated: (created: CreatedUser) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const [form] = Form.useForm<NewUserValues>();
  const [error, setError] = useState<unknown>(null);
  const create = useMutation({
    mutationFn: (values: NewUserValues) => {
      const username = values.username?.trim();
      return adminApi.createUser({
        name: values.name.trim(),
        email: values.email.trim(),
        role: values.role,
        ...(username ? { username } : {}),
      });
    },
    onSuccess: (result) => {
      form.resetFields();
      setError(null);
      onCreated(result);
    },
    onError: (caught) => {
      if (caught instanceof ApiError && caught.code === 'email_taken') {
        form.setFields([{ name: 'email', errors: [errorMessage(caught)] }]);
      } else if (caught instanceof ApiError && caught.code === 'username_taken') {
        form.setFields([{ name: 'username', errors: [errorMessage(caught)] }]);
      } else if (caught instanceof ApiError && caught.fields !== undefined && Object.keys(caught.fields).length > 0) {
        form.setFields(
          Object.entries(caught.fields)
            .filter(([name]) => ['name', 'email', 'username', 'role'].includes(name))
            .map(([name, message]) => ({ name: name as keyof NewUserValues, errors: [message] })),
        );
        setError(caught);
      } else {
        setError(caught);
      }
    },
  });

  return (
    <Modal
      open={open}
      title={t('admin.form.title')}
      okText={t('admin.form.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={() => {
        form.resetFields();
        setError(null);
        onCancel();
      }}
      // Rendered while closed too, so the form instance stays connected.
      forceRender
    >
      <Typography.Paragraph type="secondary">{t('admin.form.intro')}</Typography.Paragraph>
      <Form<NewUserValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ role: 'sales_rep' }}
        onFinish={(values) => {
          setError(null);
          create.mutate(values);
        }}
      >
        <Form.Item name="name" label={t('admin.form.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('admin.form.email')}
          rules={[
            { required: true, message: t('validation.required') },
            { type: 'email', message: t('validation.email') },
          ]}
        >
          <Input type="email" autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Form.Item name="username" label={t('admin.form.username')} extra={t('admin.form.usernameHint')}>
          <Input autoComplete="off" autoCapitalize="none" spellCheck={false} />
        </Form.Item>
        <Form.Item name="role" label={t('admin.form.role')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))} />
        </Form.Item>
        {/* Enter in a field submits the form. */}
        <button type="submit" hidden />
      </Form>
      {error !== null && <Alert type="error" showIcon title={errorMessage(error)} />}
    </Modal>
  );
}
