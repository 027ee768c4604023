/**
 * Hub protocol constants (DESIGN 8): paths, size limits and the live channel's subprotocols. Shared
 * so the hub, the sync client and the tests agree on one number each.
 */
export const HUB_API_PREFIX = '/api/v1';
export const HUB_PROTOCOL_VERSION = 1;

const KiB = 1024;
const MiB = 1024 * KiB;

/** Request body limits by route; anything larger is 413 before it is parsed. */
export const BODY_LIMITS = {
  /** Everything without its own limit (and bodies sent to routes that take none). */
  default: 64 * KiB,
  enroll: 64 * KiB,
  heartbeat: 16 * KiB,
  /** A batch of journal entries; the client keeps batches under EVENT_BATCH_MAX_BYTES. */
  events: 2 * MiB,
  /** A signed result with its coding workspaces as base64 tar.gz. */
  result: 32 * MiB,
  login: 8 * KiB,
  command: 16 * KiB,
  grade: 16 * KiB,
} as const;

/** Entries per events request (the schema's limit). */
export const EVENT_BATCH_MAX_ENTRIES = 500;
/** The sync client's target for one events request, well under BODY_LIMITS.events. */
export const EVENT_BATCH_MAX_BYTES = 512 * KiB;

/**
 * What the hub stores of one attempt's journal (entries, and bytes of their JSON): beyond either,
 * an events batch is refused with 413 and a `journal-cap` violation. Generous: a three-hour exam
 * with terminal recordings journals some tens of thousands of entries and a few MB.
 */
export const JOURNAL_MAX_ENTRIES_PER_ATTEMPT = 200_000;
export const JOURNAL_MAX_BYTES_PER_ATTEMPT = 64 * MiB;

/** Timeline entries per attempt detail reply by default, and at most (`?limit=`). */
export const DETAIL_TIMELINE_PAGE = 1000;
export const DETAIL_TIMELINE_MAX_PAGE = 5000;

/** Once the hub holds an attempt's accepted result, its tokens work this much longer (final entries). */
export const ATTEMPT_TOKEN_SYNCED_GRACE_MS = 10 * 60 * 1000;
/** How long a proctor's approval to enroll a candidate from a new device lasts. */
export const REENROLL_APPROVAL_MS = 30 * 60 * 1000;

/** JSON nesting deeper than this is refused (400) before any schema walks it recursively. */
export const MAX_JSON_DEPTH = 64;

/** Largest WebSocket message accepted on either live channel. */
export const LIVE_MAX_MESSAGE_BYTES = 64 * KiB;

/**
 * Live channel authentication: browsers cannot set headers on a WebSocket, so the token travels as
 * a second subprotocol, `bearer.<token>`, next to LIVE_PROTOCOL; the hub answers with LIVE_PROTOCOL
 * only (the token is never echoed). Node clients may send `Authorization: Bearer` instead.
 */
export const LIVE_PROTOCOL = 'vigil-hub.v1';
export const LIVE_BEARER_PREFIX = 'bearer.';

/** Tokens are 32 random bytes, base64url without padding. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Access codes are made of letters and digits nobody confuses (no 0/O, 1/I/L). */
export const ACCESS_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const GENERATED_ACCESS_CODE_LENGTH = 8;

/**
 * Candidate attempt tokens expire this long after they were issued (issue 19): longer than any
 * exam plus a laptop offline for a weekend before it syncs; re-enrolling (with the device proof)
 * issues a fresh one.
 */
export const ATTEMPT_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Proctor sessions last a long exam day. */
export const PROCTOR_TOKEN_TTL_MS = 12 * 60 * 60 * 1000;

/** A candidate without a heartbeat for this long is shown as offline. */
export const ONLINE_WINDOW_MS = 5000;

/** The header a result upload must carry (any retry of the same upload repeats the same key). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;
