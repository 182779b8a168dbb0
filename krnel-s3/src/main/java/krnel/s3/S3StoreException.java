package krnel.s3;

/** A bucket store that cannot be opened: the message is one line saying why and what to do. */
public final class S3StoreException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  S3StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
