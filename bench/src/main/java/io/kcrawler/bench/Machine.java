package io.kcrawler.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a report says about the run: the command and the bench's settings, the machine (cores,
 * memory, JVM) and how busy it was. This machine is shared with other engineers' builds and tests,
 * so the 1-minute load average is sampled every {@value #PERIOD_S} s through the run; more than the
 * two cores' worth means the bench shared them.
 */
final class Machine implements AutoCloseable {
  private static final int PERIOD_S = 10;

  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
  private final List<Double> loads = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  Machine() {
    thread =
        new Thread(
            () -> {
              while (running) {
                synchronized (loads) {
                  loads.add(os.getSystemLoadAverage());
                }
                try {
                  Thread.sleep(PERIOD_S * 1000L);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "load-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** A "Run and machine" section: the command, the bench.* settings, the machine, its load. */
  String markdown(String command) {
    Map<String, String> settings = new TreeMap<>();
    System.getProperties()
        .forEach(
            (k, v) -> {
              if (k.toString().startsWith("bench.") && !k.toString().equals("bench.workerJar")) {
                settings.put(k.toString(), v.toString());
              }
            });
    List<Double> sorted;
    synchronized (loads) {
      sorted = new ArrayList<>(loads);
    }
    sorted.sort(null);
    StringBuilder md = new StringBuilder("\n## Run and machine\n\n");
    md.append("- Command: `")
        .append(command)
        .append("` with ")
        .append(
            String.join(
                " ",
                settings.entrySet().stream()
                    .filter(e -> !e.getValue().isEmpty())
                    .map(e -> "-D" + e.getKey() + "=" + e.getValue())
                    .toList()))
        .append('\n')
        .append("- Machine: ")
        .append(os.getAvailableProcessors())
        .append(" cores, ")
        .append(memoryGiB())
        .append(" GiB RAM, ")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.version"))
        .append(", Java ")
        .append(System.getProperty("java.vm.version"))
        .append(", bench JVM heap ")
        .append(Runtime.getRuntime().maxMemory() >> 20)
        .append(" MB\n")
        .append(
            "- Shared machine: other engineers' builds and tests ran beside the bench, so single")
        .append(" samples are disturbed at random; every figure is a median, and every sample is")
        .append(" listed. 1-minute load average over the run (every ")
        .append(PERIOD_S)
        .append(" s, ")
        .append(sorted.size())
        .append(" samples): ");
    if (sorted.isEmpty()) {
      md.append("not sampled\n");
    } else {
      md.append(
          String.format(
              Locale.ROOT,
              "min %.1f, median %.1f, 90th percentile %.1f, max %.1f (2 cores)%n",
              sorted.get(0),
              sorted.get(sorted.size() / 2),
              sorted.get(Math.min(sorted.size() - 1, sorted.size() * 9 / 10)),
              sorted.get(sorted.size() - 1)));
    }
    return md.toString();
  }

  private static String memoryGiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("\\D+", ""));
          return String.format(Locale.ROOT, "%.0f", kb / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux: say so rather than guess.
    }
    return "?";
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
