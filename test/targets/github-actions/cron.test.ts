/** The cron dialect GitHub accepts, and its five-minute floor. */
import { describe, expect, it } from "vitest";
import { checkCron } from "../../../targets/github-actions/cron.js";

describe("checkCron", () => {
  const valid: Array<[string, number]> = [
    ["0 3 * * *", 1440],
    ["*/5 * * * *", 5],
    ["*/30 * * * *", 30],
    ["0,30 9-17 * * 1-5", 30],
    ["15 */6 1,15 JAN-jun mon", 360],
    ["0 0 1 1 *", 1440],
    ["5-59/10 * * * *", 10],
    ["58 * * * *", 60],
  ];
  for (const [cron, minutes] of valid) {
    it(`accepts \`${cron}\` (every ${minutes} min at most)`, () => {
      expect(checkCron(cron)).toEqual({ ok: true, minIntervalMinutes: minutes });
    });
  }

  const syntax = ["@daily", "0 3 * *", "0 3 * * * *", "60 * * * *", "0 24 * * *", "0 0 0 * *", "0 0 * 13 *", "0 0 * * 7", "0 3 * * MON#1", "0 3 L * *", "0 3 ? * *", "5-1 * * * *", "*/0 * * * *", "0 3 * * FOO", ""];
  for (const cron of syntax) {
    it(`rejects \`${cron}\` as syntax`, () => {
      const r = checkCron(cron);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.reason).toBe("syntax");
    });
  }

  const frequent: Array<[string, number]> = [
    ["* * * * *", 1],
    ["*/4 * * * *", 4],
    ["0,3 * * * *", 3],
    ["58,1 * * * *", 3],
    ["59 0,1 * * *", 60],
  ];
  for (const [cron, gap] of frequent) {
    it(`${gap < 5 ? "rejects" : "accepts"} \`${cron}\` (gap ${gap} min)`, () => {
      const r = checkCron(cron);
      if (gap < 5) expect(r).toEqual({ ok: false, reason: "too-frequent", minIntervalMinutes: gap });
      else expect(r).toEqual({ ok: true, minIntervalMinutes: gap });
    });
  }

  it("counts the gap across midnight", () => {
    expect(checkCron("0,58 23,0 * * *")).toEqual({ ok: false, reason: "too-frequent", minIntervalMinutes: 2 });
  });
});
