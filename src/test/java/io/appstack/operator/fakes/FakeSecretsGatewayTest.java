package io.appstack.operator.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.secrets.SecretsGateway.SecretInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Secrets Manager fake: values, versions, tags and deletion as the operator relies on them. */
class FakeSecretsGatewayTest {
  private static final String UUID_SHAPE = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
  private final FakeSecretsGateway secrets = new FakeSecretsGateway();

  @Test
  void secretsKeepValuesAndRefuseDuplicates() {
    String arn = secrets.create("app/creds", "d", "{\"password\":\"p\"}", Map.of()).arn();
    assertTrue(arn.matches(".*:secret:app/creds-[A-Za-z0-9]{6}$"), arn);
    assertEquals("{\"password\":\"p\"}", secrets.value(arn));
    AwsFailure e = assertThrows(AwsFailure.class, () -> secrets.create("app/creds", "d", "x", Map.of()));
    assertEquals("ResourceExistsException", e.code());
    secrets.deleteNow(arn);
    assertTrue(secrets.find("app/creds").isEmpty());
  }

  @Test
  void createReturnsWhatFindThenReports() {
    SecretInfo created = secrets.create("app/creds", "d", "v", Map.of("k", "v"));
    assertTrue(created.currentVersionId().matches(UUID_SHAPE), created.currentVersionId());
    assertEquals(created, secrets.find("app/creds").orElseThrow());
  }

  @Test
  void putValueMakesANewCurrentVersionAndMergesTags() {
    SecretInfo created = secrets.create("app/creds", "d", "v1", Map.of("owner", "me"));
    String v2 = secrets.putValue(created.arn(), "v2", Map.of("appstack.io/endpoint", "db:5432"));
    assertNotEquals(created.currentVersionId(), v2);
    assertTrue(v2.matches(UUID_SHAPE), v2);
    SecretInfo now = secrets.find("app/creds").orElseThrow();
    assertEquals(v2, now.currentVersionId());
    assertEquals(Map.of("owner", "me", "appstack.io/endpoint", "db:5432"), now.tags());
    assertEquals("v2", secrets.value(created.arn()));
    assertEquals(List.of(created.currentVersionId(), v2), secrets.versions("app/creds"));
    String v3 = secrets.putValue(created.arn(), "v3", Map.of("appstack.io/endpoint", "db2:5432"));
    assertEquals("db2:5432", secrets.find("app/creds").orElseThrow().tags().get("appstack.io/endpoint"),
        "a tag written again takes the new value");
    assertNotEquals(v2, v3);
  }

  @Test
  void versionIdsDifferAcrossSecrets() {
    SecretInfo a = secrets.create("a", "d", "v", Map.of());
    SecretInfo b = secrets.create("b", "d", "v", Map.of());
    assertNotEquals(a.currentVersionId(), b.currentVersionId());
  }

  @Test
  void secretScheduledForDeletionCannotBeReadWrittenOrCreatedUntilRestored() {
    SecretInfo s = secrets.create("app/creds", "d", "v", Map.of());
    secrets.scheduleDeletion("app/creds", Instant.parse("2025-03-01T10:00:00Z"));
    assertEquals(Instant.parse("2025-03-01T10:00:00Z"), secrets.find("app/creds").orElseThrow().deletedAt());
    assertTrue(assertThrows(AwsFailure.class, () -> secrets.value(s.arn())).terminal());
    assertTrue(assertThrows(AwsFailure.class, () -> secrets.putValue(s.arn(), "x", Map.of())).terminal());
    assertEquals("InvalidRequestException",
        assertThrows(AwsFailure.class, () -> secrets.create("app/creds", "d", "x", Map.of())).code());
    secrets.restore(s.arn());
    assertEquals("v", secrets.value(s.arn()));
  }

  @Test
  void lostCreateResponseStillStoresTheSecret() {
    secrets.loseNextResponse("create", new AwsFailure("secretsmanager", "Timeout", "t", false, null));
    assertThrows(AwsFailure.class, () -> secrets.create("app/creds", "d", "v", Map.of()));
    assertEquals("v", secrets.stored("app/creds").orElseThrow());
  }
}
