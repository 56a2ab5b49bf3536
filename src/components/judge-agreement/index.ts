export { JudgeAgreement, judgeAgreementMessages, type JudgeAgreementProps } from './JudgeAgreement';
