package io.appstack.operator.drift;

/**
 * One field where AWS differs from what the spec asks for, and what it takes to close the gap.
 *
 * @param resource e.g. "rds:staging-shop-1a2b3c-db"
 */
public record FieldDiff(String resource, String field, String desired, String actual, Change change) {

  /** What closing a difference takes, mildest first. */
  public enum Change {
    /** ModifyDBInstance and friends: no replacement. */
    IN_PLACE,
    /** AWS cannot do it without replacing the resource; the operator refuses and says so. */
    REFUSED
  }
}
