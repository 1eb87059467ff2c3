package io.appstack.operator.aws;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into {@link AwsFailure}, deciding what only a person can fix. */
public final class AwsErrors {
  // Codes that a retry cannot fix: the request or the account has to change.
  private static final Set<String> TERMINAL = Set.of(
      "InvalidParameterValue", "InvalidParameterCombination", "InvalidParameter", "ValidationException",
      "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "InvalidClientTokenId",
      "InstanceQuotaExceeded", "StorageQuotaExceeded", "DBSubnetGroupQuotaExceeded", "LimitExceededException",
      "SecurityGroupLimitExceeded", "InvalidVpcID.NotFound", "InvalidSubnetID.NotFound", "InvalidSubnet",
      "DBSubnetGroupDoesNotCoverEnoughAZs", "InvalidVPCNetworkStateFault", "StorageTypeNotSupported",
      "KMSKeyNotAccessibleFault", "InvalidRequestException", "MalformedPolicyDocumentException",
      "DBInstanceAlreadyExists", "IdempotentParameterMismatch", "ClusterNotFoundException",
      "InvalidParameterException", "InvalidParameterValueException", "InvalidParameterCombinationException");

  private AwsErrors() {}

  public static AwsFailure translate(String service, SdkException e) {
    if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
      String code = ase.awsErrorDetails().errorCode();
      String message = ase.awsErrorDetails().errorMessage();
      boolean terminal = code != null && !ase.isThrottlingException() && ase.statusCode() < 500
          && TERMINAL.contains(code);
      return new AwsFailure(service, code == null ? "HTTP" + ase.statusCode() : code, message == null ? "" : message,
          terminal, e);
    }
    return new AwsFailure(service, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), false, e);
  }

  /** The AWS error code of an SDK exception, or null. */
  public static String code(SdkException e) {
    return e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
        ? ase.awsErrorDetails().errorCode() : null;
  }
}
