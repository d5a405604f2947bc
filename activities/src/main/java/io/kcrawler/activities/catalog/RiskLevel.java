package io.kcrawler.activities.catalog;

import java.util.Locale;

/** How much a change matters to the people who own or use the data, most serious first. */
public enum RiskLevel {
  /** Data can be lost or readers and writers break: act now. */
  HIGH,
  /** Behaviour changes or a safety margin is gone: check with the owners. */
  MEDIUM,
  /** Worth knowing; nothing breaks by itself. */
  LOW;

  /** Whether this level is {@code threshold} or more serious. */
  public boolean atLeast(RiskLevel threshold) {
    return ordinal() <= threshold.ordinal();
  }

  /** The name as counts and the CLI spell it: {@code high}, {@code medium}, {@code low}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The publish phase's count of findings at this level, e.g. {@code risk.high}. */
  public String countKey() {
    return "risk." + key();
  }

  /** Parses {@code high}, {@code MEDIUM} …; null for anything else. */
  public static RiskLevel parse(String s) {
    if (s == null) {
      return null;
    }
    for (RiskLevel l : values()) {
      if (l.name().equalsIgnoreCase(s.trim())) {
        return l;
      }
    }
    return null;
  }
}
