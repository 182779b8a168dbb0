package krnel.s3;

import krnel.runner.Store;
import krnel.runner.StoreProvider;

/** Opens {@code s3://bucket/prefix} (and {@code gs://}, through GCS's S3 interoperability) stores for {@code Runner.open}. */
public final class S3StoreProvider implements StoreProvider {
  @Override
  public boolean accepts(String storeUri) {
    return S3Location.accepts(storeUri);
  }

  @Override
  public Store open(String storeUri) {
    S3Location location = S3Location.parse(storeUri);
    return S3Store.open(storeUri, S3Settings.fromEnvironment(location.scheme()));
  }
}
