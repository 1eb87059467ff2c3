package io.appstack.operator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a benchmark ran on, from /proc: CPU model, cores, memory. */
final class Machine {
  private Machine() {}

  static String describe() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
      long memKiB = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
      return "%s, %d cores, %.0f GiB, Java %s".formatted(cpu, Runtime.getRuntime().availableProcessors(),
          memKiB / 1048576.0, System.getProperty("java.version"));
    } catch (IOException e) {
      return "unknown";
    }
  }
}
