package io.appstack.operator.drift;

/**
 * Orders Postgres engine versions the way a spec means them: "16" asks for major 16 with whatever
 * minor RDS picks (and auto-upgrades to), so 16.3 and 16.4 both satisfy it; "16.4" pins the minor.
 */
public final class EngineVersions {
  private EngineVersions() {}

  /** Positive when {@code want} is newer than {@code have}, 0 when {@code have} satisfies it. */
  public static int compare(String want, String have) {
    String[] w = want.split("\\.");
    String[] h = have.split("\\.");
    for (int i = 0; i < w.length; i++) {
      int hv = i < h.length ? parse(h[i]) : 0;
      int c = Integer.compare(parse(w[i]), hv);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  public static int major(String version) {
    return parse(version.split("\\.")[0]);
  }

  private static int parse(String part) {
    String digits = part.replaceAll("[^0-9].*$", "");
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }
}
