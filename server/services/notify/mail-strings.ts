/**
 * Every word of a mail, per site language. `{name}`-style holes are filled with escaped values by
 * templates.ts; a sentence is never assembled from pieces.
 */
export type MailStrings = {
  dir: 'ltr' | 'rtl';
  confirmSubject: string;
  confirmIntro: string;
  confirmAction: string;
  confirmIgnore: string;
  commentSubject: string;
  commentIntro: string;
  replySubject: string;
  replyIntro: string;
  viewComment: string;
  whyPage: string;
  whyReplies: string;
  unsubscribe: string;
  testSubject: string;
  testBody: string;
  pendingSubject: string;
  pendingIntro: string;
  pendingAction: string;
  confirmedPage: string;
  alreadyConfirmed: string;
  unsubscribeQuestion: string;
  unsubscribeButton: string;
  unsubscribedPage: string;
  badLink: string;
};

export const en: MailStrings = {
  dir: 'ltr',
  confirmSubject: 'Confirm your subscription to comments on “{title}”',
  confirmIntro: 'Someone (hopefully you) asked to be notified of new comments on “{title}” at this address.',
  confirmAction: 'Confirm the subscription',
  confirmIgnore: 'If it was not you, ignore this mail: nothing else will be sent.',
  commentSubject: 'New comment on “{title}” by {author}',
  commentIntro: '{author} commented on “{title}”:',
  replySubject: '{author} replied to your comment on “{title}”',
  replyIntro: '{author} replied to your comment on “{title}”:',
  viewComment: 'View the comment',
  whyPage: 'You get this mail because you subscribed to new comments on this page.',
  whyReplies: 'You get this mail because you asked to be notified of replies to your comment.',
  unsubscribe: 'Unsubscribe',
  testSubject: 'Parley test mail',
  testBody: 'This is a test mail from Parley. If you can read it, mail works.',
  pendingSubject: '{count} comments are waiting for moderation on {site}',
  pendingIntro: 'New comments on {site} are waiting for a moderator.',
  pendingAction: 'Open the queue',
  confirmedPage: 'Thank you: you will be notified of new comments on “{title}”.',
  alreadyConfirmed: 'This subscription is already confirmed.',
  unsubscribeQuestion: 'Stop notifications about “{title}” to {email}?',
  unsubscribeButton: 'Unsubscribe',
  unsubscribedPage: 'You are unsubscribed: no more mail about “{title}” will be sent to {email}.',
  badLink: 'This link is not valid (it may be incomplete).',
};

export const ru: MailStrings = {
  dir: 'ltr',
  confirmSubject: 'Подтвердите подписку на комментарии к «{title}»',
  confirmIntro: 'Кто-то (надеемся, вы) попросил присылать на этот адрес уведомления о новых комментариях к «{title}».',
  confirmAction: 'Подтвердить подписку',
  confirmIgnore: 'Если это были не вы, просто проигнорируйте письмо: больше ничего не придёт.',
  commentSubject: 'Новый комментарий к «{title}» от {author}',
  commentIntro: '{author} прокомментировал(а) «{title}»:',
  replySubject: '{author} ответил(а) на ваш комментарий к «{title}»',
  replyIntro: '{author} ответил(а) на ваш комментарий к «{title}»:',
  viewComment: 'Открыть комментарий',
  whyPage: 'Вы получили это письмо, потому что подписались на новые комментарии к этой странице.',
  whyReplies: 'Вы получили это письмо, потому что просили сообщать об ответах на ваш комментарий.',
  unsubscribe: 'Отписаться',
  testSubject: 'Тестовое письмо Parley',
  testBody: 'Это тестовое письмо от Parley. Если вы его читаете, почта работает.',
  pendingSubject: 'Комментариев, ожидающих модерации на {site}: {count}',
  pendingIntro: 'Новые комментарии на {site} ждут модератора.',
  pendingAction: 'Открыть очередь',
  confirmedPage: 'Спасибо: вы будете получать уведомления о новых комментариях к «{title}».',
  alreadyConfirmed: 'Эта подписка уже подтверждена.',
  unsubscribeQuestion: 'Больше не присылать уведомления о «{title}» на {email}?',
  unsubscribeButton: 'Отписаться',
  unsubscribedPage: 'Вы отписались: письма о «{title}» больше не будут приходить на {email}.',
  badLink: 'Ссылка недействительна (возможно, она скопирована не полностью).',
};

export const ar: MailStrings = {
  dir: 'rtl',
  confirmSubject: 'أكّد اشتراكك في التعليقات على «{title}»',
  confirmIntro: 'طلب أحدهم (نأمل أن تكون أنت) إشعارات بالتعليقات الجديدة على «{title}» على هذا العنوان.',
  confirmAction: 'تأكيد الاشتراك',
  confirmIgnore: 'إن لم تكن أنت، فتجاهل هذه الرسالة: لن يُرسل شيء آخر.',
  commentSubject: 'تعليق جديد على «{title}» من {author}',
  commentIntro: 'علّق {author} على «{title}»:',
  replySubject: 'ردّ {author} على تعليقك على «{title}»',
  replyIntro: 'ردّ {author} على تعليقك على «{title}»:',
  viewComment: 'عرض التعليق',
  whyPage: 'تصلك هذه الرسالة لأنك اشتركت في التعليقات الجديدة على هذه الصفحة.',
  whyReplies: 'تصلك هذه الرسالة لأنك طلبت إشعارك بالردود على تعليقك.',
  unsubscribe: 'إلغاء الاشتراك',
  testSubject: 'رسالة تجريبية من Parley',
  testBody: 'هذه رسالة تجريبية من Parley. إن كنت تقرؤها فالبريد يعمل.',
  pendingSubject: 'تعليقات تنتظر الإشراف على {site}: {count}',
  pendingIntro: 'تعليقات جديدة على {site} تنتظر مشرفًا.',
  pendingAction: 'فتح قائمة الانتظار',
  confirmedPage: 'شكرًا: ستصلك إشعارات بالتعليقات الجديدة على «{title}».',
  alreadyConfirmed: 'هذا الاشتراك مؤكَّد بالفعل.',
  unsubscribeQuestion: 'إيقاف الإشعارات عن «{title}» إلى {email}؟',
  unsubscribeButton: 'إلغاء الاشتراك',
  unsubscribedPage: 'تم إلغاء اشتراكك: لن تُرسل رسائل أخرى عن «{title}» إلى {email}.',
  badLink: 'هذا الرابط غير صالح (ربما نُسخ ناقصًا).',
};

export const MAIL_STRINGS = { en, ru, ar } as const;
export type MailLanguage = keyof typeof MAIL_STRINGS;
