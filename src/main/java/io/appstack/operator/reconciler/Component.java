package io.appstack.operator.reconciler;

/** The parts of a stack that each report a condition of their own. */
public enum Component {
  NETWORK("NetworkReady"),
  DATABASE("DatabaseReady"),
  CACHE("CacheReady"),
  MIGRATIONS("MigrationsSucceeded"),
  SERVICE("ServiceReady");

  private final String conditionType;

  Component(String conditionType) {
    this.conditionType = conditionType;
  }

  public String conditionType() {
    return conditionType;
  }
}
