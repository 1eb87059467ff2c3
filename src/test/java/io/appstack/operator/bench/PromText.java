package io.appstack.operator.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a Prometheus text endpoint (the operator's or the apiserver's), as samples to sum. */
record PromText(List<Sample> samples) {
  record Sample(String name, Map<String, String> labels, double value) {
    String label(String key) {
      return labels.getOrDefault(key, "");
    }
  }

  private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** The operator process's /metrics, parsed. */
  static PromText scrape(io.appstack.operator.it.OperatorProcess op) {
    return parse(op.metricsText());
  }

  static PromText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.find()) {
        continue;
      }
      Map<String, String> labels = new HashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      try {
        samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
      } catch (NumberFormatException e) {
        // NaN spelled otherwise, or a timestamp: not a figure we read
      }
    }
    return new PromText(samples);
  }

  double sum(String name) {
    return sum(name, s -> true);
  }

  double sum(String name, Predicate<Sample> filter) {
    return samples.stream().filter(s -> s.name().equals(name) && filter.test(s)).mapToDouble(Sample::value).sum();
  }

  /** Sums of {@code name} grouped by a key made from each sample's labels. */
  Map<String, Double> sumBy(String name, Predicate<Sample> filter, Function<Sample, String> key) {
    Map<String, Double> out = new TreeMap<>();
    samples.stream().filter(s -> s.name().equals(name) && filter.test(s))
        .forEach(s -> out.merge(key.apply(s), s.value(), Double::sum));
    return out;
  }

  /** {@code after - before} per key, keys that did not move left out. */
  static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> out = new TreeMap<>();
    after.forEach((k, v) -> {
      double d = v - before.getOrDefault(k, 0.0);
      if (d != 0) {
        out.put(k, d);
      }
    });
    return out;
  }
}
