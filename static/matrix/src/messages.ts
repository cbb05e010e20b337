import type { LoadMessages } from '../../shared/i18n';

/** The words the project page (the matrix and its subpages) shows, in the reader's language only: each catalogue is a chunk of its own. */
export const loadMessages: LoadMessages = (language) =>
  language === 'zh-CN'
    ? Promise.all([
        import('../../shared/messages/zh-CN/common'),
        import('../../shared/messages/zh-CN/matrix'),
        import('../../shared/messages/zh-CN/customers'),
        import('../../shared/messages/zh-CN/intake'),
      ])
    : Promise.all([
        import('../../shared/messages/en/common'),
        import('../../shared/messages/en/matrix'),
        import('../../shared/messages/en/customers'),
        import('../../shared/messages/en/intake'),
      ]);
