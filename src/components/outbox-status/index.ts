export { OutboxStatus, outboxStatusMessages, type OutboxStatusMessages, type OutboxStatusProps } from './OutboxStatus';
