export { SessionView, sessionViewMessages, type SessionViewMessages, type SessionViewProps } from './SessionView';
