package krnel.s3;

import java.util.Locale;

/**
 * A store URI taken apart: {@code s3://bucket/some/prefix} → bucket {@code bucket}, prefix
 * {@code some/prefix}. {@code gs://} names a Google Cloud Storage bucket reached through its S3
 * interoperability (XML API with HMAC keys).
 *
 * @param uri the URI as given
 * @param scheme {@code s3} or {@code gs}
 * @param bucket the bucket
 * @param prefix the key prefix, without leading or trailing slashes; empty for the bucket's root
 */
record S3Location(String uri, String scheme, String bucket, String prefix) {
  static boolean accepts(String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    return lower.startsWith("s3://") || lower.startsWith("gs://");
  }

  static S3Location parse(String uri) {
    if (!accepts(uri)) {
      throw new IllegalArgumentException("\"" + uri + "\" is not an s3:// or gs:// store URI (s3://bucket/prefix)");
    }
    String scheme = uri.substring(0, 2).toLowerCase(Locale.ROOT);
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (bucket.isEmpty() || prefix.startsWith("/") || prefix.contains("//")) {
      throw new IllegalArgumentException("\"" + uri + "\" is not a valid store URI: write " + scheme
          + "://<bucket>/<prefix>, e.g. " + scheme + "://my-bucket/krnel");
    }
    return new S3Location(uri, scheme, bucket, prefix);
  }

  /** The key of {@code name} under the prefix: {@code prefix/name}, or {@code name} at the bucket's root. */
  String key(String name) {
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /** What keys under this store start with ({@code prefix/}, or nothing). */
  String keyPrefix() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }
}
