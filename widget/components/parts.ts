/**
 * `::part` names a host page can style through `<parley-comments>`. Inner components pass them up
 * with `exportparts`, since a part is otherwise visible only one shadow root up.
 */
export const FORM_PARTS = 'form, textarea, submit, preview, signed-in, notify';
export const COMMENT_PARTS = `comment, highlighted, avatar, author, guest, pending, permalink, body, actions, reply-button, vote-up, vote-down, score, flag, flagged, ${FORM_PARTS}`;
export const THREAD_PARTS = `thread, toggle, more-replies, ${COMMENT_PARTS}`;
export const HEADER_PARTS = 'count, sorts, subscribe, subscribe-menu';
