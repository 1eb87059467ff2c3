package io.appstack.operator.reconciler;

import java.util.Optional;

/** The operator's defaults for what a stack does not say: region, ECS cluster, execution role. */
public record StackDefaults(String region, String cluster, Optional<String> executionRoleArn) {}
