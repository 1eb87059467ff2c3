package io.appstack.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** crds/ is what users apply: it must be exactly what the Java types generate. */
class CrdUpToDateTest {
  @Test
  void committedCrdMatchesTheGeneratedOne() throws IOException {
    Path generated = Path.of("target/classes/META-INF/fabric8/appstacks.appstack.io-v1.yml");
    Path committed = Path.of("crds/appstacks.appstack.io-v1.yml");
    assertEquals(Files.readString(generated), Files.readString(committed),
        "crds/ is stale: run `make crds` and commit the result");
  }
}
