import { CopyButton } from '../../../components/CopyButton';
import { useT } from '../../../components/LanguageProvider';

/** The least-privilege policy of shared/API.md: the two actions this extension calls, nothing more. */
export const RAM_POLICY = JSON.stringify(
  {
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: 'domain:DomainTransferOutOperation', Resource: 'acs:domain:*:*:domain/*' },
      { Effect: 'Allow', Action: 'domain:QueryDomainTask', Resource: 'acs:domain:*:*:*' },
    ],
  },
  null,
  2,
);

/** The three more actions of transfer readiness (README "Extra permissions for transfer readiness"). */
export const READINESS_POLICY = JSON.stringify(
  {
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: ['domain:QueryCommonInfo', 'domain:QueryDomainTransferOut'], Resource: 'acs:domain:*:*:*' },
      { Effect: 'Allow', Action: 'domain:SecuritySetting', Resource: 'acs:domain:*:*:domain/*' },
    ],
  },
  null,
  2,
);

export const POLICY_HEADING_ID = 'policy-heading';

export function RamPolicy() {
  const { t } = useT();
  return (
    <section className="card" aria-labelledby={POLICY_HEADING_ID}>
      <h2 id={POLICY_HEADING_ID} tabIndex={-1}>
        {t('policyHeading')}
      </h2>
      <p className="hint">{t('policyHint')}</p>
      <p className="advice">{t('policyAdvice')}</p>
      <pre className="policy">
        {RAM_POLICY}
      </pre>
      <CopyButton copy={() => navigator.clipboard.writeText(RAM_POLICY)} label={t('copyPolicy')} />
      <h3 className="subheading">{t('policyReadinessHeading')}</h3>
      <p className="hint">{t('policyReadinessHint')}</p>
      <pre className="policy">{READINESS_POLICY}</pre>
      <CopyButton copy={() => navigator.clipboard.writeText(READINESS_POLICY)} label={t('copyReadinessPolicy')} />
    </section>
  );
}
