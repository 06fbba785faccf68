import { Alert, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Problem, ProblemError } from '../api/client';

/** Loads data for a page and reloads it on demand (after a command, or when the language changes). */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: unknown[] = [],
): {
  data: T | undefined;
  error: Problem | null;
  loading: boolean;
  reload: () => void;
} {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setLoading(true);
    run()
      .then((value) => live && (setData(value), setError(null)))
      .catch((e: unknown) => live && setError(asProblem(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [run, tick]);
  return { data, error, loading, reload: () => setTick((n) => n + 1) };
}

export function asProblem(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  return { status: 0, code: 'NETWORK', detail: error instanceof Error ? error.message : String(error) };
}

/** A refusal as the API worded it (in the user's language), with the rule's code for reference. */
export function ProblemAlert({ problem, onClose }: { problem: Problem | null; onClose?: () => void }) {
  const { t } = useTranslation();
  if (!problem) return null;
  const fields = (problem.errors ?? []).map((e) => `${e.property}: ${e.problems.join('; ')}`);
  return (
    <Alert
      type="error"
      showIcon
      closable={!!onClose}
      onClose={onClose}
      role="alert"
      data-code={problem.code}
      message={problem.detail ?? problem.title ?? t('common.failed')}
      description={
        <>
          {fields.length > 0 && (
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {fields.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          )}
          <Typography.Text type="secondary">
            {t('common.code')}: <code>{problem.code}</code>
          </Typography.Text>
        </>
      }
      style={{ marginBottom: 16 }}
    />
  );
}

/** A field's problems from a 400 VALIDATION_FAILED, to show beside the field it concerns. */
export function fieldProblems(problem: Problem | null, property: string): string | undefined {
  const match = problem?.errors?.filter((e) => e.property === property || e.property.startsWith(`${property}.`)) ?? [];
  return match.length ? match.flatMap((e) => e.problems).join('; ') : undefined;
}

const STATUS_COLOURS: Record<string, string> = {
  draft: 'default',
  awaiting_confirmation: 'gold',
  returned_for_amendment: 'orange',
  confirmed: 'blue',
  acknowledged: 'blue',
  clarification_requested: 'orange',
  under_evaluation: 'purple',
  evaluated: 'cyan',
  decided: 'green',
  withdrawn: 'default',
  in_publicity: 'gold',
  open: 'gold',
  closed: 'default',
};

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status] ?? 'geekblue'} data-status={status}>
      {t(`status.${status}`, { defaultValue: status })}
    </Tag>
  );
}

export function Hash({ value }: { value: string | null | undefined }) {
  if (!value) return <>—</>;
  return (
    <Typography.Text code copyable={{ text: value }} style={{ wordBreak: 'break-all', fontSize: 12 }} data-hash={value}>
      {value}
    </Typography.Text>
  );
}

export function PageTitle({ children }: { children: React.ReactNode }) {
  return (
    <Typography.Title level={2} style={{ fontSize: 22, marginTop: 0 }}>
      {children}
    </Typography.Title>
  );
}
