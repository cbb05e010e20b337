import type { LoadMessages } from '../../shared/i18n';

/** The words the ticket action shows, in the reader's language only: the new-customer form borrows the archive's field names. */
export const loadMessages: LoadMessages = (language) =>
  language === 'zh-CN'
    ? Promise.all([
        import('../../shared/messages/zh-CN/common'),
        import('../../shared/messages/zh-CN/customers'),
        import('../../shared/messages/zh-CN/ticket'),
      ])
    : Promise.all([
        import('../../shared/messages/en/common'),
        import('../../shared/messages/en/customers'),
        import('../../shared/messages/en/ticket'),
      ]);
