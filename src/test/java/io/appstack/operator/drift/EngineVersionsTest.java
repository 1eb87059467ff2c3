package io.appstack.operator.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineVersionsTest {

  @ParameterizedTest(name = "want {0} is satisfied by {1}")
  @CsvSource({"16, 16.3", "16, 16.10", "16, 16", "16.3, 16.3", "16.3, 16.3.1"})
  void majorVersionIsSatisfiedByAnyMinor(String want, String have) {
    assertEquals(0, Integer.signum(EngineVersions.compare(want, have)), "compare(" + want + ", " + have + ")");
  }

  @ParameterizedTest(name = "want {0} is newer than {1}")
  @CsvSource({"16.4, 16.3", "16.10, 16.9", "17, 16.9", "16.1, 16", "17.0, 16.12"})
  void newerWantIsPositive(String want, String have) {
    assertTrue(EngineVersions.compare(want, have) > 0, "compare(" + want + ", " + have + ") should be > 0");
  }

  @ParameterizedTest(name = "want {0} is older than {1}")
  @CsvSource({"16.2, 16.4", "15, 16.1", "9, 16.3", "16.9, 16.10"})
  void olderWantIsNegative(String want, String have) {
    assertTrue(EngineVersions.compare(want, have) < 0, "compare(" + want + ", " + have + ") should be < 0");
  }

  @Test
  void majorIsTheFirstNumber() {
    assertEquals(16, EngineVersions.major("16"));
    assertEquals(16, EngineVersions.major("16.3"));
    assertEquals(17, EngineVersions.major("17.2-R1"));
  }

  @Test
  void suffixesAfterDigitsAreIgnored() {
    assertEquals(0, EngineVersions.compare("16.3", "16.3-rds.20240101"));
  }
}
