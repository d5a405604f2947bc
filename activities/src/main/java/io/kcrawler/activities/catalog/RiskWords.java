package io.kcrawler.activities.catalog;

/** How the risk findings' sentences say durations, sizes and counts. */
final class RiskWords {
  private RiskWords() {}

  static String duration(long ms) {
    if (ms < 0) {
      return "no time limit";
    }
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
    String[] names = {" d", " h", " min", " s"};
    for (int i = 0; i < units.length; i++) {
      if (ms >= units[i] && ms % units[i] == 0) {
        return ms / units[i] + names[i];
      }
    }
    return ms + " ms";
  }

  static String bytes(long b) {
    if (b < 0) {
      return "no size limit";
    }
    long[] units = {1L << 30, 1L << 20, 1L << 10};
    String[] names = {" GiB", " MiB", " KiB"};
    for (int i = 0; i < units.length; i++) {
      if (b >= units[i] && b % units[i] == 0) {
        return b / units[i] + names[i];
      }
    }
    return b + " bytes";
  }

  static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
