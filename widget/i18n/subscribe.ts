import type { Locale } from './index.ts';

/**
 * The Subscribe menu's words, in its own lazily loaded chunk with the menu: a reader who never
 * opens it never downloads them. Every language is here (they are few); the rest is in en/ru/ar.ts.
 */
export const subscribeStrings = {
  en: {
    notifyOf: 'Notify of',
    notifyPage: 'new follow-up comments',
    notifyReplies: 'new replies to my comments',
    email: 'E-mail',
    subscribeSent: 'Check your inbox to confirm the subscription.',
    subscribeDone: 'Subscribed.',
    unsubscribe: 'Unsubscribe',
    unsubscribed: 'Unsubscribed.',
    yourSubscriptions: 'Your subscriptions on this page',
    subPending: 'check your inbox to confirm',
    subConfirmed: 'confirmed',
    mailGoesTo: 'Mail goes to {email}',
  },
  ru: {
    notifyOf: 'Уведомлять о',
    notifyPage: 'новых комментариях',
    notifyReplies: 'ответах на мои комментарии',
    email: 'E-mail',
    subscribeSent: 'Проверьте почту, чтобы подтвердить подписку.',
    subscribeDone: 'Вы подписаны.',
    unsubscribe: 'Отписаться',
    unsubscribed: 'Вы отписались.',
    yourSubscriptions: 'Ваши подписки на этой странице',
    subPending: 'подтвердите по ссылке из письма',
    subConfirmed: 'подтверждена',
    mailGoesTo: 'Письма придут на {email}',
  },
  ar: {
    notifyOf: 'أعلمني بـ',
    notifyPage: 'التعليقات الجديدة',
    notifyReplies: 'الردود الجديدة على تعليقاتي',
    email: 'البريد الإلكتروني',
    subscribeSent: 'تحقق من بريدك لتأكيد الاشتراك.',
    subscribeDone: 'تم الاشتراك.',
    unsubscribe: 'إلغاء الاشتراك',
    unsubscribed: 'تم إلغاء الاشتراك.',
    yourSubscriptions: 'اشتراكاتك في هذه الصفحة',
    subPending: 'تحقق من بريدك للتأكيد',
    subConfirmed: 'مؤكد',
    mailGoesTo: 'يصل البريد إلى {email}',
  },
} satisfies Record<Locale, Record<string, string>>;

export type SubscribeWords = (typeof subscribeStrings)['en'];
