import type { LoadMessages } from '../../shared/i18n';

/** The words the issue panel shows, in the reader's language only: each catalogue is a chunk of its own. */
export const loadMessages: LoadMessages = (language) =>
  language === 'zh-CN'
    ? Promise.all([import('../../shared/messages/zh-CN/common'), import('../../shared/messages/zh-CN/panel')])
    : Promise.all([import('../../shared/messages/en/common'), import('../../shared/messages/en/panel')]);
