import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: reader tokens, session ids, unsubscribe links. */
export const newToken = () => randomBytes(32).toString('base64url');

export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

export const hashIp = (ip: string | null, salt: string) => (ip ? sha256(`${salt}:${ip}`) : null);
