/**
 * Rate limits (DESIGN 9), requests per minute. Candidate routes (heartbeats, events, result) and
 * proctor routes are limited per token (1,000 candidates behind one NAT address must all get
 * through), counted by TokenRateLimiter on the hot path; login, enrollment, health, the docs and
 * unknown routes per client IP, by @fastify/rate-limit. A request without a well-formed token is
 * limited by IP.
 */
export interface RateLimits {
  health: number;
  enroll: number;
  login: number;
  /** A heartbeat a second is normal; this allows bursts after a reconnect. */
  heartbeat: number;
  events: number;
  result: number;
  /** Each proctor route, per proctor token. */
  proctor: number;
  /** Unknown routes, per IP (slows down URL scanning). */
  notFound: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  health: 1200,
  enroll: 300,
  login: 20,
  heartbeat: 600,
  events: 600,
  result: 60,
  proctor: 1200,
  notFound: 300,
};
