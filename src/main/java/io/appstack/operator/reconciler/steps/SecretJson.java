package io.appstack.operator.reconciler.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.appstack.operator.aws.secrets.SecretsGateway;
import io.appstack.operator.reconciler.StackContext;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON the operator keeps in its secrets, and the random values it generates for them. */
final class SecretJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Tag on a secret naming the endpoint its url was last written for. */
  static final String ENDPOINT_TAG = "appstack.io/endpoint";

  private SecretJson() {}

  /**
   * Makes a secret of the operator hold the address of what it unlocks: once the endpoint changes
   * (the tag says which it holds), reads the value, lets {@code address} add host, url and the
   * like, writes a new version and tags it (only tags it if the value already holds the address).
   * Returns the version ECS should pin.
   */
  static String withEndpoint(StackContext ctx, SecretsGateway.SecretInfo secret, String endpoint,
      java.util.function.Consumer<Map<String, String>> address, String reason) {
    if (endpoint.equals(secret.tags().get(ENDPOINT_TAG))) {
      return secret.currentVersionId();
    }
    Map<String, String> stored = read(ctx.aws().secrets().value(secret.arn()));
    Map<String, String> value = new LinkedHashMap<>(stored);
    address.accept(value);
    if (value.equals(stored)) {
      // A pass that died between PutSecretValue and TagResource wrote this address already: only
      // the tag is missing, and a second identical version would be one too many.
      ctx.aws().secrets().tag(secret.arn(), Map.of(ENDPOINT_TAG, endpoint));
      return secret.currentVersionId();
    }
    String version = ctx.aws().secrets().putValue(secret.arn(), write(value), Map.of(ENDPOINT_TAG, endpoint));
    ctx.observed().acted(reason, "wrote the address " + endpoint + " into secret " + secret.name());
    return version;
  }

  static String write(Map<String, String> value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serialises", e);
    }
  }

  static Map<String, String> read(String json) {
    try {
      return new LinkedHashMap<>(JSON.readValue(json, new TypeReference<Map<String, String>>() {}));
    } catch (JsonProcessingException e) {
      // Deliberately without the cause: its message would quote the secret.
      throw new IllegalStateException("a secret of the operator does not hold the expected JSON");
    }
  }

  /** Letters and digits only: valid in RDS passwords, ElastiCache AUTH tokens and URLs as they are. */
  static final class Passwords {
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private final SecureRandom random = new SecureRandom();

    String generate(int length) {
      StringBuilder sb = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      return sb.toString();
    }
  }
}
