// Shared by every process's commands; kept here so existing imports stay valid.
export { CommandAccepted } from '@chengguo/common';
