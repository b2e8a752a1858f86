import { AsyncLocalStorage } from "node:async_hooks";
import { ClockScope } from "@portier/shared/dev-mailbox";

/** Time comes from here, so tests move it instead of sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Monotonic milliseconds: how long ago an instance read what it keeps in memory (cached
 * sessions, a provider's discovered metadata, the OpenID provider's keys), never business
 * time. The app takes one (`buildApp`); tests pass one they advance instead of sleeping.
 */
export type Monotonic = () => number;

export const systemMonotonic: Monotonic = () => performance.now();

/** A clock that can be moved forward (the dev clock's routes need one). */
export interface AdvanceableClock extends Clock {
  advance(ms: number): void;
}

export function isAdvanceable(clock: Clock): clock is AdvanceableClock {
  return typeof (clock as Partial<AdvanceableClock>).advance === "function";
}

/** A clock tests can set and advance. */
export class FakeClock implements AdvanceableClock {
  private ms: number;
  constructor(start: Date | string = "2026-01-15T10:00:00Z") {
    this.ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(date: Date | string): void {
    this.ms = new Date(date).getTime();
  }
}

/**
 * Real time plus an offset that only grows: the API's clock when DEV_CLOCK=true, so
 * end-to-end tests move time forward (the next OTP step, an expired link) instead of
 * sleeping. Never used in production (the configuration refuses it without the dev mailbox).
 */
export class ShiftableClock implements AdvanceableClock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    if (ms < 0) throw new Error("the clock only moves forward");
    this.offsetMs += ms;
  }
}

/**
 * The dev clock's scopes (DEV_CLOCK=true, ADR 038): a request that names a scope in the
 * `x-portier-clock-scope` header sees the base clock plus that scope's own offset, so
 * end-to-end tests running side by side each move their own time (a test's browsers all
 * send its scope) without moving anyone else's. A request naming no scope sees the base
 * clock; moving it moves every scope with it. Offsets only grow, so a scope's time is
 * never behind the base clock (what an unscoped request wrote is never in a scope's future).
 */
export class ScopedClock implements AdvanceableClock {
  private readonly current = new AsyncLocalStorage<string | undefined>();
  private readonly offsets = new Map<string, number>();

  constructor(private readonly base: AdvanceableClock) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetOf(this.current.getStore()));
  }

  /** Moves the current request's scope forward, or (no scope) the base clock and so every scope. */
  advance(ms: number): void {
    if (ms < 0) throw new Error("the clock only moves forward");
    const scope = this.current.getStore();
    if (scope === undefined) {
      this.base.advance(ms);
      return;
    }
    if (!this.offsets.has(scope) && this.offsets.size >= MAX_CLOCK_SCOPES) {
      // A dev server left running under a test loop: forget the oldest scope rather than grow.
      this.offsets.delete(this.offsets.keys().next().value as string);
    }
    this.offsets.set(scope, this.offsetOf(scope) + ms);
  }

  /** The rest of the current request runs in `scope` (undefined: the base clock). */
  enter(scope: string | undefined): void {
    this.current.enterWith(scope);
  }

  private offsetOf(scope: string | undefined): number {
    return scope === undefined ? 0 : (this.offsets.get(scope) ?? 0);
  }
}

/** Scopes a dev clock keeps (one per end-to-end test; the oldest is forgotten beyond). */
export const MAX_CLOCK_SCOPES = 10_000;
/** The request header naming a dev clock scope (`ClockScope`: letters, digits, `-` and `_`, 1–64 characters). */
export const CLOCK_SCOPE_HEADER = "x-portier-clock-scope";

/** The scope a request names, if it names a valid one (anything else: the base clock; the dev clock's routes refuse it). */
export function clockScopeOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const parsed = ClockScope.safeParse(headers[CLOCK_SCOPE_HEADER]);
  return parsed.success ? parsed.data : undefined;
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
