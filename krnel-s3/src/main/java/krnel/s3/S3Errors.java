package krnel.s3;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns what the SDK throws into one line a user can act on: what failed, why, and what to do.
 * The cases people meet: no credentials, refused credentials, wrong region, missing bucket, access
 * denied, unreachable endpoint, clock skew.
 */
final class S3Errors {
  private S3Errors() {}

  /** {@code e} as an IOException whose message names {@code what} (an action on the store) and a fix. */
  static IOException describe(SdkException e, S3Location location, S3Settings settings, String what) {
    return new IOException(message(e, location, settings, what), e);
  }

  static String message(SdkException e, S3Location location, S3Settings settings, String what) {
    String where = location.uri() + (settings.endpoint() == null ? "" : " at " + settings.endpoint());
    if (e instanceof S3Exception) {
      S3Exception s3 = (S3Exception) e;
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      code = code == null ? "" : code;
      int status = s3.statusCode();
      if (code.equals("NoSuchBucket") || (status == 404 && what.startsWith("checking the bucket"))) {
        return where + ": the bucket " + location.bucket() + " does not exist; create it (aws s3 mb s3://"
            + location.bucket() + ") or fix the bucket in the store URI";
      }
      if (code.equals("InvalidAccessKeyId") || code.equals("SignatureDoesNotMatch") || code.equals("InvalidToken")
          || code.equals("ExpiredToken") || code.equals("InvalidClientTokenId")) {
        return where + ": the server refused the credentials (" + code + ") while " + what + "; check AWS_ACCESS_KEY_ID"
            + " and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE and ~/.aws/credentials), and renew expired session tokens";
      }
      if (code.equals("RequestTimeTooSkewed")) {
        // the SDK has already retried in the server's time (from the response's Date): it could not correct this
        return where + ": the server refused the request's time while " + what + ": this machine's clock differs from"
            + " the server's by more than S3 allows (RequestTimeTooSkewed); synchronize the clock (NTP, e.g."
            + " timedatectl set-ntp true)";
      }
      String bucketRegion = s3.awsErrorDetails() == null || s3.awsErrorDetails().sdkHttpResponse() == null ? null
          : s3.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region").orElse(null);
      if (status == 301 || code.equals("PermanentRedirect") || code.equals("AuthorizationHeaderMalformed")
          || code.equals("IllegalLocationConstraintException")) {
        return where + ": the bucket " + location.bucket() + " is in another region"
            + (bucketRegion == null ? "" : " (" + bucketRegion + ")") + " than the one configured ("
            + (settings.region() == null ? "from the AWS region chain" : settings.region()) + "); set AWS_REGION="
            + (bucketRegion == null ? "<the bucket's region>" : bucketRegion);
      }
      if ((code.equals("AccessDenied") || status == 403) && settings.credentials() instanceof AnonymousCredentialsProvider) {
        return where + ": access denied to anonymous requests while " + what + "; anonymous requests get only what the"
            + " bucket grants everyone: use credentials that may read and write the bucket " + location.bucket();
      }
      if (code.equals("AccessDenied") || status == 403) {
        return where + ": access denied while " + what + "; the credentials need s3:GetObject, s3:PutObject,"
            + " s3:DeleteObject and s3:ListBucket on the bucket " + location.bucket()
            + (location.prefix().isEmpty() ? "" : " under " + location.prefix() + "/");
      }
      return where + ": " + what + " failed: " + oneLine(code.isEmpty() ? "HTTP " + status : code + " (HTTP " + status + ")")
          + (s3.awsErrorDetails() == null || s3.awsErrorDetails().errorMessage() == null ? ""
              : ": " + oneLine(s3.awsErrorDetails().errorMessage()));
    }
    String text = e.getMessage() == null ? e.toString() : e.getMessage();
    if (e instanceof SdkClientException && text.contains("Unable to load credentials")) {
      return where + ": no AWS credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"
          + " with ~/.aws/credentials (for GCS: an HMAC key's access id and secret)";
    }
    Throwable network = cause(e);
    if (network != null) {
      return where + ": cannot reach the S3 endpoint " + (settings.endpoint() == null ? "of AWS" : settings.endpoint())
          + " while " + what + " (" + oneLine(network.toString()) + "); check AWS_ENDPOINT_URL_S3 /"
          + " AWS_ENDPOINT_URL, that the server runs, and the network";
    }
    return where + ": " + what + " failed: " + oneLine(text);
  }

  /** The network failure behind {@code e}, if that is what it is. */
  private static Throwable cause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException) {
        return t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
