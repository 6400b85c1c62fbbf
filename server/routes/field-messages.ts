import type { z } from 'zod';

/*
 * Validation messages for people: "Name: at most 60 characters", never a schema's
 * "Too big: expected string to have <=60 characters". The field's name as a reader or moderator
 * knows it, then the rule. The widget and the admin view translate by `field` and `code`; this
 * English is what an API client sees.
 */

const LABELS: Record<string, string> = {
  body: 'Comment',
  'author.name': 'Name',
  'author.email': 'E-mail',
  author: 'Author',
  site: 'Site',
  page: 'Page',
  url: 'Address (url)',
  title: 'Title',
  parentId: 'Reply to',
  anchor: 'Quoted passage',
  honeypot: 'Hidden field',
  elapsedMs: 'Time to post',
  renderedAt: 'Time shown',
  email: 'E-mail',
  password: 'Password',
  currentPassword: 'Current password',
  newPassword: 'New password',
  name: 'Name',
  role: 'Role',
  siteIds: 'Sites',
  reason: 'Reason',
  days: 'Days',
  allowedOrigins: 'Allowed origins',
  token: 'Sign-in token',
  cursor: 'Cursor',
  limit: 'Limit',
  sort: 'Sort',
  value: 'Vote',
  ids: 'Comments',
  action: 'Action',
  q: 'Search',
  text: 'Search',
};

/** `author.name` → "Name"; `settings.maxBodyLength` → "Max body length"; `allowedOrigins.2` → "Allowed origins". */
export function fieldLabel(path: string): string {
  const parts = path.split('.').filter((p) => !/^\d+$/.test(p));
  const joined = parts.join('.');
  if (LABELS[joined]) return LABELS[joined];
  const last = parts.at(-1) ?? 'value';
  if (LABELS[last]) return LABELS[last];
  const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** The rule an issue broke, in words: "at most 60 characters", "required", "must be a number". */
export function ruleOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      // zod keeps the input out of issues unless asked; its default message names what arrived.
      return /received undefined$/.test(issue.message) ? 'required' : `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `at most ${plural(max, 'character', 'characters')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `at most ${plural(max, 'item', 'items')}`;
      return `at most ${max}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'must not be empty' : `at least ${plural(min, 'character', 'characters')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `at least ${plural(min, 'item', 'items')}`;
      return issue.inclusive === false ? `more than ${min}` : `at least ${min}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'is not valid';
    default:
      // Our own messages (refinements, formats): already written for people.
      return lowerFirst(issue.message);
  }
}

export function humanMessage(issue: z.core.$ZodIssue): { message: string; field: string | undefined } {
  const path = issue.path.map(String).join('.');
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const field = path || (keys.length === 1 ? keys[0] : undefined);
  const rule = ruleOf(issue);
  if (!path) return { message: rule.charAt(0).toUpperCase() + rule.slice(1), field };
  return { message: `${fieldLabel(path)}: ${rule}`, field };
}
