/** Time comes from here, so tests move it instead of sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

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

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
